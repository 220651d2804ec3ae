package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.fake.ReceivedRequest;
import io.betterccflare.routing.CircuitBreaker;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 end to end: the real app on port 0 with the fake upstream, driven by the official Java SDK, with an
 * injected clock; run unchanged against SQLite and PostgreSQL by the subclasses. Which 429 benches what and for
 * how long, model-family scopes, in-place retries and the circuit breaker, session affinity, probes and pins.
 */
abstract class RateLimitRoutingContract {
    private static final long HOUR_S = 3_600;
    private static final long DAY_S = 86_400;

    @TempDir
    Path temp;

    final MutableClock clock = new MutableClock(System.currentTimeMillis());
    ProxyHarness harness;
    AnthropicClient client;
    ApiClient api;

    /** The database under test (and anything else the subclass needs). */
    protected abstract TestEnv database(TestEnv env);

    void start(UnaryOperator<TestEnv> customize) {
        harness = new ProxyHarness(temp, env -> customize.apply(database(env)), clock);
        client = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey("sk-ant-api03-client-own-key")
                .maxRetries(0).build();
        api = new ApiClient(harness.server.port());
    }

    void start() {
        start(env -> env);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private long nowS() {
        return clock.millis() / 1000;
    }

    private static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("Say hi").build();
    }

    private void send(String model) {
        client.messages().create(params(model));
    }

    private void stream(String model) {
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params(model))) {
            events.stream().forEach(event -> { });
        }
    }

    private List<String> keys() {
        return harness.fake.received().stream().map(r -> r.header("x-api-key")).map(k -> k.replace("sk-ant-api03-", "")
                .replace("-key", "")).toList();
    }

    private JsonNode accountView(String name) {
        for (JsonNode account : api.get("/api/accounts").json()) {
            if (account.path("name").asText().equals(name)) {
                return account;
            }
        }
        throw new AssertionError("no account " + name);
    }

    private AnthropicClient pinned(String account) {
        return client.withOptions(o -> o.putHeader("x-better-ccflare-account-id", account));
    }

    private AnthropicServiceException refused(Runnable call) {
        return catchThrowableOfType(AnthropicServiceException.class, call::run);
    }

    @Test
    void a_spent_five_hour_window_benches_until_its_own_reset_not_the_aggregate_one() {
        start();
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        long now = nowS();
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withAggregate("rejected", now + 4 * DAY_S, "seven_day")
                .withWindow("5h", "rejected", now + HOUR_S)
                .withWindow("7d", "allowed", now + 4 * DAY_S)
                .withHeader("x-should-retry", "true"));

        stream("claude-opus-4-1");

        assertThat(keys()).containsExactly("first", "second");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(harness.read(first).rateLimit().limitedUntil()).isEqualTo((now + HOUR_S) * 1000));
        JsonNode view = accountView("first");
        assertThat(view.path("rateLimitedUntil").asText()).isEqualTo(Instant.ofEpochSecond(now + HOUR_S).toString());
        assertThat(view.path("rateLimitedReason").asText()).isEqualTo("rate_limited");
        assertThat(view.path("rateLimitedWindow").asText()).isEqualTo("5h");
        assertThat(view.path("rateLimitReset").isNull()).isFalse();
        assertThat(accountView("second").path("rateLimitedUntil").isNull()).isTrue();
    }

    @Test
    void a_family_scope_keeps_only_that_family_off_the_account_until_it_resets() {
        start();
        harness.console("first", 0);
        harness.console("second", 1);
        long now = nowS();
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withAggregate("rejected", now + 2 * DAY_S, "seven_day_overage_included")
                .withWindow("5h", "allowed", now + HOUR_S)
                .withWindow("7d", "allowed_warning", now + 5 * DAY_S)
                .withWindow("7d_oi", "rejected", now + 2 * DAY_S));

        send("claude-fable-5");
        pinned("first").messages().create(params("claude-opus-4-1"));
        AnthropicServiceException kept = refused(() -> pinned("first").messages().create(params("claude-fable-5")));
        stream("claude-fable-5");

        assertThat(keys()).containsExactly("first", "second", "first", "second");
        assertThat(kept.statusCode()).isEqualTo(429);
        JsonNode lockouts = accountView("first").path("modelLockouts");
        assertThat(lockouts).hasSize(1);
        assertThat(lockouts.get(0).path("family").asText()).isEqualTo("fable");
        assertThat(lockouts.get(0).path("window").asText()).isEqualTo("7d_oi");
        assertThat(lockouts.get(0).path("until").asText()).isEqualTo(Instant.ofEpochSecond(now + 2 * DAY_S).toString());
        assertThat(accountView("first").path("rateLimitedUntil").isNull()).isTrue();

        clock.advance(Duration.ofDays(2).plusSeconds(1));
        pinned("first").messages().create(params("claude-fable-5"));
        assertThat(keys().getLast()).isEqualTo("first");
    }

    @Test
    void when_every_account_has_the_family_locked_the_sdk_gets_a_429_and_other_models_still_flow() {
        start();
        harness.console("only", 0);
        long now = nowS();
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withWindow("5h", "allowed", now + HOUR_S)
                .withWindow("7d_opus", "rejected", now + 2 * HOUR_S));

        AnthropicServiceException first = refused(() -> send("claude-opus-4-1"));
        AnthropicServiceException second = refused(() -> stream("claude-opus-4-1"));
        send("claude-sonnet-4-5-20250929");

        for (AnthropicServiceException error : List.of(first, second)) {
            assertThat(error.statusCode()).isEqualTo(429);
            assertThat(error.body().toString()).contains("rate_limit_error");
            assertThat(Long.parseLong(error.headers().values("retry-after").getFirst())).isEqualTo(2 * HOUR_S);
        }
        assertThat(harness.fake.received()).extracting(r -> r.json().path("model").asText())
                .containsExactly("claude-opus-4-1", "claude-sonnet-4-5-20250929");
    }

    @Test
    void a_windowless_429_fails_this_request_over_and_benches_nobody() {
        start();
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "Rate limited").withHeader("x-should-retry", "true"));
        send("claude-opus-4-1");
        // The session the second account started is seen by this process's next request (issue 11 part 8).
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "Rate limited"));
        stream("claude-opus-4-1");
        pinned("first").messages().create(params("claude-opus-4-1"));

        assertThat(keys()).containsExactly("first", "second", "second", "first", "first");
        assertThat(harness.read(first).rateLimit().limitedUntil()).isNull();
        assertThat(harness.read(first).rateLimit().consecutiveLimits()).isZero();
    }

    @Test
    void windowless_429s_from_every_account_give_the_client_a_short_retry() {
        start();
        harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "Rate limited").times(2));

        AnthropicServiceException error = refused(() -> send("claude-opus-4-1"));

        assertThat(error.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(error.headers().values("retry-after").getFirst())).isBetween(1L, 60L);
        send("claude-opus-4-1");
        assertThat(keys()).containsExactly("first", "second", "first");
    }

    @Test
    void an_overage_only_rejection_never_benches_an_account_whose_plan_windows_are_open() {
        start();
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        long now = nowS();
        harness.fake.enqueue(FakeResponse.error(429, "rate_limit_error", "Extra usage is required for long context requests.")
                .withAggregate("rejected", now + DAY_S, "overage")
                .withWindow("5h", "allowed", now + HOUR_S)
                .withWindow("7d", "allowed", now + DAY_S)
                .withWindow("overage", "rejected", now + DAY_S)
                .withHeader("anthropic-ratelimit-unified-overage-disabled-reason", "out_of_credits"));

        send("claude-sonnet-4-5-20250929");
        pinned("first").messages().create(params("claude-sonnet-4-5-20250929"));

        assertThat(keys()).containsExactly("first", "second", "first");
        assertThat(harness.read(first).rateLimit().limitedUntil()).isNull();
    }

    @Test
    void overload_is_retried_in_place_then_fails_over_with_a_short_fixed_cooldown() {
        start();
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(3));

        send("claude-opus-4-1");

        assertThat(keys()).containsExactly("first", "first", "first", "second");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(harness.read(first).rateLimit().limitedReason()).isEqualTo("overloaded"));
        assertThat(harness.read(first).rateLimit().limitedUntil()).isEqualTo(clock.millis() + 10_000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode row = api.get("/api/requests?limit=1").json().get(0);
            assertThat(row.path("failoverAttempts").asInt()).isEqualTo(3);
        });
    }

    @Test
    void a_slow_recovery_is_served_in_place_and_x_should_retry_false_fails_over_at_once() {
        start();
        harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(2));
        stream("claude-opus-4-1");
        harness.fake.enqueue(FakeResponse.error(503, "api_error", "Service unavailable"));
        send("claude-opus-4-1");
        harness.fake.enqueue(FakeResponse.error(500, "api_error", "Internal").withHeader("x-should-retry", "false"));
        send("claude-opus-4-1");

        assertThat(keys()).containsExactly("first", "first", "first", "first", "first", "first", "second");
    }

    @Test
    void a_sick_account_opens_its_breaker_and_gets_exactly_one_probe_later() {
        start();
        harness.console("sick", 0);
        for (int request = 0; request < CircuitBreaker.FAILURES_TO_OPEN; request++) {
            harness.fake.enqueue(FakeResponse.error(503, "api_error", "Service unavailable").times(3));
            assertThat(refused(() -> send("claude-opus-4-1")).statusCode()).isEqualTo(503);
        }
        int sent = harness.fake.received().size();

        AnthropicServiceException open = refused(() -> send("claude-opus-4-1"));
        AnthropicServiceException openStream = refused(() -> stream("claude-opus-4-1"));

        assertThat(harness.fake.received()).hasSize(sent);
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(openStream.statusCode()).isEqualTo(503);
        assertThat(Long.parseLong(open.headers().values("retry-after").getFirst())).isBetween(1L, 30L);
        clock.advance(Duration.ofMillis(CircuitBreaker.OPEN_MS));
        send("claude-opus-4-1");
        send("claude-opus-4-1");
        assertThat(harness.fake.received()).hasSize(sent + 2);
    }

    @Test
    void session_affinity_keeps_each_client_session_on_its_account_and_spreads_new_ones() {
        start();
        harness.console("first", 0);
        harness.console("second", 0);
        harness.console("backup", 5);
        assertThat(api.post("/api/config/strategy", "{\"strategy\":\"session-affinity\"}").status()).isEqualTo(200);

        AnthropicClient one = client.withOptions(o -> o.putHeader("X-Claude-Code-Session-Id", "session-one"));
        AnthropicClient two = client.withOptions(o -> o.putHeader("X-Claude-Code-Session-Id", "session-two"));
        one.messages().create(params("claude-opus-4-1"));
        two.messages().create(params("claude-opus-4-1"));
        one.messages().create(params("claude-opus-4-1"));
        client.messages().create(params("claude-opus-4-1").toBuilder()
                .metadata(Metadata.builder().userId("user-7").build()).build());

        List<String> keys = keys();
        assertThat(keys.get(0)).isIn("first", "second").isEqualTo(keys.get(2)).isNotEqualTo(keys.get(1));
        assertThat(keys).doesNotContain("backup");
        JsonNode served = api.get("/api/sessions/session-two/account").json();
        assertThat(served.path("accountName").asText()).isEqualTo(keys.get(1));
        assertThat(api.get("/api/sessions/user-7/account").status()).isEqualTo(200);
        ApiClient.Reply unknown = api.get("/api/sessions/nobody/account");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).contains("nobody");
        assertThat(api.get("/api/strategies").body()).contains("session-affinity");
    }

    @Test
    void a_probe_that_bypasses_the_session_starts_none_and_pins_refuse_unusable_accounts() {
        start();
        Account sticky = harness.console("sticky", 0);
        Account paused = harness.console("paused", 1);
        Account limited = harness.console("limited", 2);
        harness.app.accounts().pause(paused.id());
        long now = clock.millis();
        harness.store.recordLockout(limited.id(), now, RateLimitState.NONE, now + 3_600_000, "rate_limited", null);

        client.withOptions(o -> o.putHeader("x-better-ccflare-bypass-session", "true")).messages().create(params("claude-opus-4-1"));
        AnthropicServiceException pausedPin = refused(() -> client.withOptions(o -> o.putHeader("x-better-ccflare-account-id", "paused"))
                .messages().create(params("claude-opus-4-1")));
        AnthropicServiceException limitedPin = refused(() -> client.withOptions(o -> o.putHeader("x-better-ccflare-account-id", "limited"))
                .messages().create(params("claude-opus-4-1")));

        assertThat(harness.read(sticky).sessionStart()).isNull();
        assertThat(harness.read(sticky).requestCount()).isZero();
        assertThat(pausedPin.statusCode()).isEqualTo(400);
        assertThat(pausedPin.body().toString()).contains("invalid_request_error").contains("paused");
        assertThat(limitedPin.statusCode()).isEqualTo(429);
        assertThat(limitedPin.headers().values("retry-after")).containsExactly("3600");
        assertThat(harness.fake.received()).extracting(ReceivedRequest::path).hasSize(1);
    }
}
