package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.betterccflare.accounts.Account;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy end to end with the official Anthropic Java SDK as the client: the real app on port 0,
 * accounts in a real SQLite file, and {@link FakeAnthropic} as every upstream.
 */
class ProxySdkTest {
    @TempDir
    Path temp;

    private ProxyHarness harness;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        harness = new ProxyHarness(temp);
        client = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey("sk-ant-api03-client-own-key")
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        client.close();
        harness.close();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5-20250929").maxTokens(256).addUserMessage("Say hi").build();
    }

    private Message send() {
        return client.messages().create(params());
    }

    private Message stream() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params())) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private String servedBy() {
        return harness.fake.lastRequest().header("x-api-key");
    }

    @Test
    void non_streamed_message_arrives_intact_with_usage() {
        harness.console("work", 0);

        Message message = send();

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from the fake");
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(message.usage().inputTokens()).isEqualTo(25);
        assertThat(message.usage().outputTokens()).isEqualTo(12);
        assertThat(message.usage().cacheReadInputTokens()).contains(11L);
        assertThat(message.usage().cacheCreationInputTokens()).contains(7L);
        assertThat(harness.fake.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-work-key");
        assertThat(harness.fake.lastRequest().json().path("messages").get(0).path("content").asText()).isEqualTo("Say hi");
    }

    @Test
    void streamed_message_with_tool_use_arrives_intact() {
        harness.console("work", 0);
        harness.fake.enqueue(FakeResponse.toolUse("Let me check the weather.", "get_weather", "{\"city\":\"Paris\"}"));

        Message message = stream();

        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Let me check the weather.");
        var tool = message.content().get(1).toolUse().orElseThrow();
        assertThat(tool.name()).isEqualTo("get_weather");
        assertThat(tool._input().toString()).contains("Paris");
        assertThat(message.stopReason().orElseThrow().asString()).isEqualTo("tool_use");
        assertThat(message.usage().outputTokens()).isEqualTo(12);
        assertThat(message.usage().cacheReadInputTokens()).contains(11L);
    }

    @Test
    void count_tokens_works() {
        harness.console("work", 0);

        long tokens = client.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5-20250929").addUserMessage("count these words please").build()).inputTokens();

        assertThat(tokens).isPositive();
        assertThat(harness.fake.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
    }

    @Test
    void fails_over_on_429_and_benches_the_account_until_the_unified_reset() {
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        long reset = Instant.now().plusSeconds(3_600).getEpochSecond();
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withUnifiedLimits("rejected", reset, 1.01));

        Message message = stream();

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from the fake");
        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Account benched = harness.read(first);
            assertThat(benched.rateLimit().limitedUntil()).isEqualTo(reset * 1000);
            assertThat(benched.rateLimit().limitedReason()).isEqualTo("rate_limited");
            assertThat(benched.rateLimit().status()).isEqualTo("rejected");
            assertThat(benched.rateLimit().fiveHourUtilization()).isEqualTo(1.01);
            assertThat(benched.rateLimit().representativeClaim()).isEqualTo("five_hour");
            assertThat(benched.rateLimit().consecutiveLimits()).isEqualTo(1);
        });
        send();
        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
    }

    @Test
    void fails_over_on_529_with_a_short_cooldown() {
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(3));

        send();

        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(harness.read(first).rateLimit().limitedReason()).isEqualTo("overloaded"));
        assertThat(harness.read(first).rateLimit().limitedUntil()).isBetween(System.currentTimeMillis(),
                System.currentTimeMillis() + 10_000);
    }

    @Test
    void fails_over_on_500_without_benching() {
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(500, "api_error", "Internal server error").times(3));

        stream();

        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        // The session the second account started is seen by this process's next request (issue 11 part 8).
        send();
        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        assertThat(harness.read(first).rateLimit().limitedUntil()).isNull();
    }

    @Test
    void fails_over_when_the_upstream_refuses_the_connection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        harness.compatible("dead", 0, "http://127.0.0.1:" + closedPort);
        harness.console("alive", 1);

        Message message = send();

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from the fake");
        assertThat(servedBy()).isEqualTo("sk-ant-api03-alive-key");
    }

    @Test
    void fails_over_on_401_and_marks_the_account_as_failing_auth() {
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(401, "authentication_error", "invalid x-api-key"));

        send();

        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Account failing = harness.read(first);
            assertThat(failing.authFailedAt()).isNotNull();
            assertThat(failing.authFailure()).isEqualTo("401 authentication_error: invalid x-api-key");
            assertThat(failing.rateLimit().limitedReason()).isEqualTo("auth");
        });
    }

    @Test
    void every_account_rate_limited_gives_429_naming_the_earliest_reset() {
        harness.console("first", 0);
        harness.console("second", 1);
        long early = Instant.now().plusSeconds(600).getEpochSecond();
        long late = Instant.now().plusSeconds(7_200).getEpochSecond();
        harness.fake.enqueue(
                FakeResponse.error(429, "rate_limit_error", "limit").withUnifiedLimits("rejected", late, 1.0),
                FakeResponse.error(429, "rate_limit_error", "limit").withUnifiedLimits("rejected", early, 1.0));

        AnthropicServiceException error = catchThrowableOfType(AnthropicServiceException.class, this::send);

        assertThat(error.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(error.headers().values("retry-after").getFirst());
        assertThat(retryAfter).isBetween(590L, 600L);
        assertThat(error.body().toString()).contains("rate_limit_error")
                .contains("All accounts are rate limited; the earliest resets at " + Instant.ofEpochSecond(early));
    }

    @Test
    void lower_priority_number_goes_first_and_paused_accounts_are_skipped() {
        harness.console("low", 50);
        Account best = harness.console("best", 1);
        harness.console("mid", 10);

        send();
        assertThat(servedBy()).isEqualTo("sk-ant-api03-best-key");

        harness.app.accounts().pause(best.id());
        send();
        assertThat(harness.fake.lastRequest().header("x-api-key")).isIn("sk-ant-api03-mid-key");
    }

    @Test
    void a_live_session_beats_priority() {
        harness.console("preferred", 0);
        Account sticky = harness.console("sticky", 5);
        harness.store.recordUse(sticky.id(), System.currentTimeMillis(), 18_000_000L);

        send();

        assertThat(servedBy()).isEqualTo("sk-ant-api03-sticky-key");
    }

    @Test
    void auto_fallback_account_with_a_passed_reset_jumps_ahead_of_the_session() {
        Account fallback = harness.console("fallback", 3);
        Account sticky = harness.console("sticky", 0);
        long now = System.currentTimeMillis();
        harness.store.recordUse(sticky.id(), now, 18_000_000L);
        harness.store.setAutoFallback(fallback.id(), true);
        harness.store.recordLockout(fallback.id(), now, new io.betterccflare.accounts.RateLimitState("allowed", now - 60_000,
                null, null, null, null, null, null, null, null, null, null, now, 0), now - 1, "rate_limited", null);

        send();

        assertThat(servedBy()).isEqualTo("sk-ant-api03-fallback-key");
    }

    @Test
    void the_account_header_pins_an_account_by_name_or_id_and_rejects_unknown_ones() {
        harness.console("first", 0);
        Account second = harness.console("second", 1);
        AnthropicClient pinned = client.withOptions(options -> options.putHeader("x-better-ccflare-account-id", "second"));
        pinned.messages().create(params());
        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");
        assertThat(harness.fake.lastRequest().header("x-better-ccflare-account-id")).isNull();

        client.withOptions(options -> options.putHeader("x-better-ccflare-account-id", second.id())).messages().create(params());
        assertThat(servedBy()).isEqualTo("sk-ant-api03-second-key");

        AnthropicServiceException error = catchThrowableOfType(AnthropicServiceException.class, () ->
                client.withOptions(options -> options.putHeader("x-better-ccflare-account-id", "nobody")).messages().create(params()));
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.body().toString()).isEqualTo(
                "{type=error, error={type=invalid_request_error, message=Unknown account 'nobody' in x-better-ccflare-account-id}}");
    }

    @Test
    void counters_and_session_move_once_per_request_on_the_account_that_served() {
        Account first = harness.console("first", 0);
        Account second = harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "limit"));

        stream();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(harness.read(second).requestCount()).isEqualTo(1);
            assertThat(harness.read(second).totalRequests()).isEqualTo(1);
            assertThat(harness.read(second).sessionRequestCount()).isEqualTo(1);
            assertThat(harness.read(second).sessionStart()).isNotNull();
            assertThat(harness.read(first).requestCount()).isZero();
            assertThat(harness.read(first).rateLimit().limitedUntil()).isNull();
        });
        assertThat(harness.fake.received()).extracting(r -> r.header("x-api-key"))
                .isEqualTo(List.of("sk-ant-api03-first-key", "sk-ant-api03-second-key"));
    }
}
