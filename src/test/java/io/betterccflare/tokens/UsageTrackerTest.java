package io.betterccflare.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageTrackerTest {
    /** The framing Anthropic sends (anthropic-wire §1.3), with the cache split and a cumulative message_delta. */
    static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01X","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":300,"cache_read_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static Usage feed(UsageTracker tracker, byte[] body, int chunkSize) {
        long now = 1_000;
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            tracker.accept(body, offset, Math.min(chunkSize, body.length - offset), now);
            now += 10;
        }
        return tracker.finish(now);
    }

    @Test
    void a_stream_gives_model_tokens_split_and_completion() {
        Usage usage = feed(UsageTracker.forEventStream(64 * 1024), STREAM.getBytes(StandardCharsets.UTF_8), 1 << 20);

        assertThat(usage.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(usage.inputTokens()).isEqualTo(25);
        assertThat(usage.cacheReadInputTokens()).isEqualTo(1000);
        assertThat(usage.cacheCreationInputTokens()).isEqualTo(300);
        assertThat(usage.cacheCreation5mInputTokens()).isEqualTo(100);
        assertThat(usage.cacheCreation1hInputTokens()).isEqualTo(200);
        assertThat(usage.outputTokens()).isEqualTo(12);
        assertThat(usage.totalTokens()).isEqualTo(1337);
        assertThat(usage.complete()).isTrue();
        assertThat(usage.error()).isNull();
    }

    @Test
    void every_chunk_boundary_gives_the_same_result() {
        byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
        Usage whole = feed(UsageTracker.forEventStream(64 * 1024), body, body.length);
        for (int size = 1; size <= 64; size++) {
            Usage split = feed(UsageTracker.forEventStream(64 * 1024), body, size);
            assertThat(split.model()).isEqualTo(whole.model());
            assertThat(split.totalTokens()).as("chunk size %d", size).isEqualTo(whole.totalTokens());
            assertThat(split.outputTokens()).isEqualTo(12);
            assertThat(split.cacheCreation1hInputTokens()).isEqualTo(200);
            assertThat(split.complete()).isTrue();
        }
    }

    @Test
    void crlf_lines_and_event_without_space_are_read() {
        String body = STREAM.replace("event: ", "event:").replace("\n", "\r\n");
        Usage usage = feed(UsageTracker.forEventStream(64 * 1024), body.getBytes(StandardCharsets.UTF_8), 7);
        assertThat(usage.outputTokens()).isEqualTo(12);
        assertThat(usage.inputTokens()).isEqualTo(25);
    }

    @Test
    void message_delta_overrides_input_and_cache_counts_when_present() {
        String body = STREAM.replace("\"usage\":{\"output_tokens\":12}",
                "\"usage\":{\"input_tokens\":30,\"cache_read_input_tokens\":null,\"output_tokens\":40}");
        Usage usage = feed(UsageTracker.forEventStream(64 * 1024), body.getBytes(StandardCharsets.UTF_8), 13);
        assertThat(usage.inputTokens()).isEqualTo(30);
        assertThat(usage.cacheReadInputTokens()).isEqualTo(1000);
        assertThat(usage.outputTokens()).isEqualTo(40);
    }

    @Test
    void timing_marks_come_from_content_block_start_and_message_delta() {
        byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
        UsageTracker tracker = UsageTracker.forEventStream(64 * 1024);
        String text = STREAM;
        int blockStart = text.indexOf("event: content_block_start");
        int delta = text.indexOf("event: message_delta");
        tracker.accept(body, 0, blockStart, 100);
        tracker.accept(body, blockStart, delta - blockStart, 200);
        tracker.accept(body, delta, body.length - delta, 1_200);
        Usage usage = tracker.finish(1_300);
        assertThat(usage.firstTokenAtMs()).isEqualTo(200);
        assertThat(usage.lastTokenAtMs()).isEqualTo(1_200);
        assertThat(usage.outputTokensPerSecond(5_000)).isEqualTo(12.0);
    }

    @Test
    void tokens_per_second_follows_the_reference_rules() {
        Usage glm = new Usage("glm-4.6", 1, 0, 0, null, null, 100, 10, 20, null, true);
        assertThat(glm.outputTokensPerSecond(2_000)).isEqualTo(50.0);
        Usage noSpan = new Usage("claude-haiku-4-5", 1, 0, 0, null, null, 100, 0, 0, null, true);
        assertThat(noSpan.outputTokensPerSecond(4_000)).isEqualTo(25.0);
        assertThat(noSpan.outputTokensPerSecond(0)).isEqualTo(100_000.0);
        Usage none = new Usage("claude-haiku-4-5", 1, 0, 0, null, null, 0, 0, 0, null, true);
        assertThat(none.outputTokensPerSecond(1_000)).isNull();
    }

    @Test
    void an_error_event_mid_stream_is_reported() {
        String body = STREAM.substring(0, STREAM.indexOf("event: message_delta"))
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_1\"}\n\n";
        Usage usage = feed(UsageTracker.forEventStream(64 * 1024), body.getBytes(StandardCharsets.UTF_8), 9);
        assertThat(usage.error()).isEqualTo("overloaded_error: Overloaded");
        assertThat(usage.complete()).isFalse();
        assertThat(usage.outputTokens()).isEqualTo(1);
    }

    @Test
    void a_cut_off_stream_is_incomplete_and_keeps_what_it_saw() {
        String body = STREAM.substring(0, STREAM.indexOf("event: content_block_stop") + 20);
        Usage usage = feed(UsageTracker.forEventStream(64 * 1024), body.getBytes(StandardCharsets.UTF_8), 5);
        assertThat(usage.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(usage.complete()).isFalse();
        assertThat(usage.inputTokens()).isEqualTo(25);
    }

    @Test
    void huge_text_deltas_are_skipped_without_losing_the_usage() {
        String big = "x".repeat(500_000);
        String body = STREAM.replace("\"text\":\"Hello\"", "\"text\":\"" + big + "\"");
        Usage usage = feed(UsageTracker.forEventStream(1024), body.getBytes(StandardCharsets.UTF_8), 8192);
        assertThat(usage.outputTokens()).isEqualTo(12);
        assertThat(usage.complete()).isTrue();
    }

    @Test
    void a_json_body_is_read_incrementally_at_any_split() {
        String json = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
                 "content":[{"type":"text","text":"Hi! \\"quoted\\" {not json}"},{"type":"tool_use","id":"t","name":"n","input":{"usage":{"input_tokens":999}}}],
                 "stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"cache_creation_input_tokens":50,"cache_read_input_tokens":7,
                          "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":50},
                          "output_tokens":6,"service_tier":"standard"}}""";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[] {1, 2, 3, 17, body.length}) {
            Usage usage = feed(UsageTracker.forJson(), body, size);
            assertThat(usage.model()).isEqualTo("claude-haiku-4-5-20251001");
            assertThat(usage.inputTokens()).isEqualTo(12);
            assertThat(usage.cacheCreationInputTokens()).isEqualTo(50);
            assertThat(usage.cacheCreation1hInputTokens()).isEqualTo(50);
            assertThat(usage.cacheCreation5mInputTokens()).isZero();
            assertThat(usage.cacheReadInputTokens()).isEqualTo(7);
            assertThat(usage.outputTokens()).isEqualTo(6);
            assertThat(usage.complete()).isTrue();
        }
    }

    @Test
    void a_json_error_body_gives_its_message_and_count_tokens_gives_nothing() {
        Usage error = feed(UsageTracker.forJson(),
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}".getBytes(StandardCharsets.UTF_8), 4);
        assertThat(error.error()).isEqualTo("rate_limit_error: Slow down");
        assertThat(error.hasModel()).isFalse();

        Usage count = feed(UsageTracker.forJson(), "{\"input_tokens\":42}".getBytes(StandardCharsets.UTF_8), 3);
        assertThat(count).isEqualTo(Usage.NONE);
    }

    @Test
    void malformed_bodies_are_ignored() {
        assertThat(feed(UsageTracker.forJson(), "{\"model\":\"x\",,,".getBytes(StandardCharsets.UTF_8), 2).totalTokens()).isZero();
        Usage sse = feed(UsageTracker.forEventStream(1024), "event: message_start\ndata: {not json\n\n".getBytes(StandardCharsets.UTF_8), 3);
        assertThat(sse).isEqualTo(Usage.NONE);
    }
}
