package io.betterccflare.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class LogSinkTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tempDir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private LogSink sink(long maxBytes, int keepFiles, int history) {
        return new LogSink(new LogFile(tempDir.resolve("logs/app.log"), maxBytes, keepFiles), new LogBus(history),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private List<String> lines(String name) throws Exception {
        Path file = tempDir.resolve("logs").resolve(name);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void each_event_is_one_json_line_with_ts_level_msg_and_logger() throws Exception {
        LogSink sink = sink(1 << 20, 3, 10);

        sink.log("io.betterccflare.proxy.Proxy", Level.INFO, "request \"done\"\nnext", null);
        sink.log("io.betterccflare.app.App", Level.ERROR, "boom", new IllegalStateException("bad state"));

        List<String> lines = lines("app.log");
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.get(0))).isEqualTo(MAPPER.readTree(
                "{\"ts\":1760000000000,\"level\":\"INFO\",\"msg\":\"request \\\"done\\\"\\nnext\",\"logger\":\"io.betterccflare.proxy.Proxy\"}"));
        assertThat(MAPPER.readTree(lines.get(1)).path("msg").asText())
                .startsWith("boom: java.lang.IllegalStateException: bad state\n    at io.betterccflare.logging.LogSinkTest.");
        assertThat(console.size()).isZero();
    }

    @Test
    void the_level_filters_our_events_and_libraries_stay_one_step_quieter() throws Exception {
        LogSink sink = sink(1 << 20, 3, 10);
        sink.configure(LogSink.Settings.of("WARN", "pretty", false));
        sink.log("io.betterccflare.a", Level.INFO, "dropped info", null);
        sink.log("io.betterccflare.a", Level.WARN, "kept warn", null);

        sink.configure(LogSink.Settings.of("INFO", "pretty", false));
        sink.log("io.betterccflare.a", Level.DEBUG, "dropped debug", null);
        sink.log("org.eclipse.jetty.server.Server", Level.INFO, "dropped jetty info", null);
        sink.log("org.eclipse.jetty.server.Server", Level.WARN, "kept jetty warn", null);

        sink.configure(LogSink.Settings.of("debug", "pretty", false));
        sink.log("io.betterccflare.a", Level.DEBUG, "kept debug", null);
        sink.log("org.eclipse.jetty.io.ManagedSelector", Level.DEBUG, "dropped jetty debug", null);
        sink.log("org.eclipse.jetty.server.Server", Level.INFO, "kept jetty info", null);

        assertThat(lines("app.log").stream().map(line -> LogEntry.parse(line).orElseThrow().msg()))
                .containsExactly("kept warn", "kept jetty warn", "kept debug", "kept jetty info");
        assertThat(sink.bus().history()).extracting(LogEntry::msg)
                .containsExactly("kept warn", "kept jetty warn", "kept debug", "kept jetty info");
    }

    @Test
    void a_full_file_rotates_and_only_the_newest_files_are_kept() throws Exception {
        LogSink sink = sink(400, 2, 1000);

        IntStream.range(0, 40).forEach(i -> sink.log("io.betterccflare.x", Level.INFO, "line %02d".formatted(i), null));

        assertThat(Files.size(tempDir.resolve("logs/app.log"))).isLessThanOrEqualTo(400);
        assertThat(Files.size(tempDir.resolve("logs/app.log.1"))).isLessThanOrEqualTo(400);
        assertThat(tempDir.resolve("logs/app.log.2")).exists();
        assertThat(tempDir.resolve("logs/app.log.3")).doesNotExist();
        List<String> all = new ArrayList<>();
        for (String name : List.of("app.log.2", "app.log.1", "app.log")) {
            lines(name).forEach(line -> all.add(LogEntry.parse(line).orElseThrow().msg()));
        }
        assertThat(all).last().isEqualTo("line 39");
        assertThat(all).isEqualTo(IntStream.range(40 - all.size(), 40).mapToObj("line %02d"::formatted).toList());
        assertThat(LogTail.read(tempDir.resolve("logs/app.log"), all.size() - 1)).extracting(LogEntry::msg)
                .isEqualTo(all.subList(1, all.size()));
        assertThat(LogTail.read(tempDir.resolve("logs/app.log"), 3)).extracting(LogEntry::msg)
                .containsExactly("line 37", "line 38", "line 39");
    }

    @Test
    void the_history_ring_keeps_the_newest_entries_and_starts_from_the_file() throws Exception {
        LogSink first = sink(1 << 20, 3, 3);
        IntStream.range(0, 5).forEach(i -> first.log("io.betterccflare.x", Level.INFO, "m" + i, null));
        assertThat(first.bus().history()).extracting(LogEntry::msg).containsExactly("m2", "m3", "m4");

        Files.writeString(tempDir.resolve("logs/app.log"), "not json\n", java.nio.file.StandardOpenOption.APPEND);
        LogSink restarted = sink(1 << 20, 3, 3);
        restarted.loadHistory(3);

        assertThat(restarted.bus().history()).extracting(LogEntry::msg).containsExactly("m3", "m4");
    }

    @Test
    void console_echo_follows_the_format_setting() {
        LogSink sink = sink(1 << 20, 3, 10);
        sink.configure(LogSink.Settings.of("INFO", "json", true));
        sink.log("io.betterccflare.x.Thing", Level.WARN, "as json", null);
        sink.configure(LogSink.Settings.of("INFO", "pretty", true));
        sink.log("io.betterccflare.x.Thing", Level.WARN, "as text", null);

        String[] printed = console.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(printed[0]).isEqualTo("{\"ts\":1760000000000,\"level\":\"WARN\",\"msg\":\"as json\",\"logger\":\"io.betterccflare.x.Thing\"}");
        assertThat(printed[1]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN \\[Thing] as text");
    }

    @Test
    void a_live_subscriber_gets_new_entries_and_a_slow_one_loses_entries_not_time() throws Exception {
        LogSink sink = sink(1 << 20, 3, 10);
        try (LogBus.Subscription subscription = sink.bus().subscribe()) {
            sink.log("io.betterccflare.x", Level.INFO, "live", null);
            assertThat(subscription.next(1_000).msg()).isEqualTo("live");

            IntStream.range(0, 1_500).forEach(i -> sink.log("io.betterccflare.x", Level.INFO, "flood", null));
            assertThat(subscription.dropped()).isEqualTo(500);
        }
        assertThat(sink.bus().subscriberCount()).isZero();
    }

    @Test
    void slf4j_finds_our_provider_and_formats_arguments() {
        org.slf4j.Logger logger = LoggerFactory.getLogger("io.betterccflare.test.Slf4j");
        Logging.sink().configure(LogSink.Settings.of("INFO", "pretty", false));

        logger.info("hello {} and {}", "a", 42);

        assertThat(logger.getClass()).isEqualTo(SinkLogger.class);
        assertThat(Logging.sink().bus().history()).last().satisfies(entry -> {
            assertThat(entry.msg()).isEqualTo("hello a and 42");
            assertThat(entry.level()).isEqualTo("INFO");
            assertThat(entry.logger()).isEqualTo("io.betterccflare.test.Slf4j");
        });
        assertThat(logger.isDebugEnabled()).isFalse();
    }
}
