package io.betterccflare.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.config.Config;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeExchange;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log end to end: the recorder driven as the proxy drives it, the rows and payloads it
 * writes, and the /api/requests* and /api/stats endpoints of the real server. Run on SQLite and PostgreSQL.
 */
abstract class RequestLogContract {
    static final long NOW = Instant.parse("2026-01-15T12:30:00Z").toEpochMilli();
    static final String STREAM = io.betterccflare.tokens.UsageTrackerTestFixtures.STREAM;
    static final String JSON_BODY = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",
             "content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"cache_creation_input_tokens":50,"cache_read_input_tokens":7,
                      "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":50},"output_tokens":6}}""";

    @TempDir
    Path temp;

    private RunningApp running;

    /** The test environment with this database selected. */
    protected abstract TestEnv env(Path temp);

    /** Blocks every write to the requests table until closed (a stuck database). */
    protected abstract AutoCloseable holdWriteLock(Database database) throws Exception;

    RunningApp start(Map<String, String> extra) {
        TestEnv env = env(temp);
        extra.forEach(env::with);
        running = RunningApp.start(env.config(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        return running;
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    static Account account(RunningApp app, String name) {
        return app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount(name, AccountMode.CONSOLE,
                "sk-ant-api03-" + name + "-secret", 1, 0, null));
    }

    static void awaitRows(RunningApp app, long count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> app.app().requestLog().count() == count);
    }

    @Test
    void a_streamed_request_is_recorded_with_exact_tokens_and_cost() {
        RunningApp app = start(Map.of());
        Account work = account(app, "work");
        FakeExchange.stream("s1", NOW - 5_000, work.id(), STREAM)
                .withAttempts(List.of(new ExchangeObserver.Attempt("other-id", "other", 429, "rate_limited"),
                        new ExchangeObserver.Attempt(work.id(), "work", 200, "served")))
                .run(app.app().exchangeObserver());
        awaitRows(app, 1);

        JsonNode row = app.get("/api/requests").json().get(0);
        assertThat(row.get("id").asText()).isEqualTo("s1");
        assertThat(row.get("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(NOW - 5_000).toString());
        assertThat(row.get("method").asText()).isEqualTo("POST");
        assertThat(row.get("path").asText()).isEqualTo("/v1/messages");
        assertThat(row.get("accountUsed").asText()).isEqualTo("work");
        assertThat(row.get("statusCode").asInt()).isEqualTo(200);
        assertThat(row.get("success").asBoolean()).isTrue();
        assertThat(row.get("errorMessage").isNull()).isTrue();
        assertThat(row.get("responseTimeMs").asLong()).isEqualTo(1_000);
        assertThat(row.get("failoverAttempts").asInt()).isEqualTo(1);
        assertThat(row.get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(row.get("inputTokens").asLong()).isEqualTo(25);
        assertThat(row.get("cacheReadInputTokens").asLong()).isEqualTo(1000);
        assertThat(row.get("cacheCreationInputTokens").asLong()).isEqualTo(300);
        assertThat(row.get("cacheCreation5mInputTokens").asLong()).isEqualTo(100);
        assertThat(row.get("cacheCreation1hInputTokens").asLong()).isEqualTo(200);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(12);
        assertThat(row.get("promptTokens").asLong()).isEqualTo(1325);
        assertThat(row.get("completionTokens").asLong()).isEqualTo(12);
        assertThat(row.get("totalTokens").asLong()).isEqualTo(1337);
        assertThat(row.get("costUsd").asDouble()).isCloseTo((25 * 3 + 12 * 15 + 1000 * 0.3 + 100 * 3.75 + 200 * 6) / 1e6, within(1e-12));
        assertThat(row.get("tokensPerSecond").asDouble()).isEqualTo(12.0);
        assertThat(row.get("isStream").asBoolean()).isTrue();
        assertThat(row.get("accountsTried").get(0).get("outcome").asText()).isEqualTo("rate_limited");
        assertThat(row.has("agentUsed")).isFalse();
    }

    @Test
    void a_json_request_is_recorded_with_exact_tokens_and_cost() {
        RunningApp app = start(Map.of());
        FakeExchange.json("j1", NOW - 1_000, null, JSON_BODY).withDuration(500).run(app.app().exchangeObserver());
        awaitRows(app, 1);

        JsonNode row = app.get("/api/requests?limit=1").json().get(0);
        assertThat(row.get("accountUsed").isNull()).isTrue();
        assertThat(row.get("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(row.get("inputTokens").asLong()).isEqualTo(12);
        assertThat(row.get("cacheCreationInputTokens").asLong()).isEqualTo(50);
        assertThat(row.get("cacheCreation1hInputTokens").asLong()).isEqualTo(50);
        assertThat(row.has("cacheCreation5mInputTokens")).isFalse();
        assertThat(row.get("totalTokens").asLong()).isEqualTo(75);
        assertThat(row.get("costUsd").asDouble()).isCloseTo((12 * 1 + 6 * 5 + 7 * 0.1 + 50 * 2) / 1e6, within(1e-12));
        assertThat(row.get("tokensPerSecond").asDouble()).isEqualTo(12.0);
        assertThat(row.get("isStream").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_model_has_no_cost_and_failures_say_why() {
        RunningApp app = start(Map.of());
        ExchangeObserver observer = app.app().exchangeObserver();
        FakeExchange.json("unknown", NOW - 4_000, null, JSON_BODY.replace("claude-haiku-4-5-20251001", "mystery-1")).run(observer);
        FakeExchange.json("overloaded", NOW - 3_000, null,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").withStatus(529).run(observer);
        FakeExchange.stream("cut", NOW - 2_000, null, STREAM.substring(0, STREAM.indexOf("event: message_delta")))
                .withError("upstream closed mid-stream").run(observer);
        FakeExchange.stream("truncated", NOW - 1_500, null, STREAM.substring(0, STREAM.indexOf("event: message_delta"))).run(observer);
        FakeExchange.json("gone", NOW - 1_000, null, "").withStatus(null).withError("client disconnected").run(observer);
        FakeExchange.json("probe", NOW - 500, null, "{}").withPath("/.well-known/x").withStatus(404).run(observer);
        awaitRows(app, 5);

        Map<String, JsonNode> rows = new java.util.HashMap<>();
        app.get("/api/requests").json().forEach(row -> rows.put(row.get("id").asText(), row));
        assertThat(rows).containsOnlyKeys("unknown", "overloaded", "cut", "truncated", "gone");
        assertThat(rows.get("unknown").has("costUsd")).isFalse();
        assertThat(rows.get("unknown").get("totalTokens").asLong()).isEqualTo(75);
        assertThat(rows.get("unknown").get("success").asBoolean()).isTrue();
        assertThat(rows.get("overloaded").get("success").asBoolean()).isFalse();
        assertThat(rows.get("overloaded").get("statusCode").asInt()).isEqualTo(529);
        assertThat(rows.get("overloaded").get("errorMessage").asText()).isEqualTo("overloaded_error: Overloaded");
        assertThat(rows.get("cut").get("errorMessage").asText()).isEqualTo("upstream closed mid-stream");
        assertThat(rows.get("cut").get("success").asBoolean()).isFalse();
        assertThat(rows.get("cut").get("inputTokens").asLong()).isEqualTo(25);
        assertThat(rows.get("truncated").get("errorMessage").asText()).isEqualTo("Stream ended before message_stop");
        assertThat(rows.get("gone").get("statusCode").isNull()).isTrue();
        assertThat(rows.get("gone").get("errorMessage").asText()).isEqualTo("client disconnected");
    }

    @Test
    void payloads_are_stored_without_credentials_and_capped_with_a_mark() {
        RunningApp app = start(Map.of("CF_STREAM_BODY_MAX_BYTES", "512"));
        Account work = account(app, "work");
        byte[] bigRequest = ("{\"messages\":\"" + "a".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        FakeExchange.stream("p1", NOW - 1_000, work.id(), STREAM)
                .withRequest(Map.of("authorization", List.of("Bearer sk-ant-oat01-secret"), "X-Api-Key", List.of("sk-ant-api03-secret"),
                        "cookie", List.of("session=secret"), "anthropic-version", List.of("2023-06-01"),
                        "content-length", List.of("5016")), bigRequest)
                .run(app.app().exchangeObserver());
        awaitRows(app, 1);

        RunningApp.Response response = app.get("/api/requests/payload/p1");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("secret");
        JsonNode payload = response.json();
        assertThat(payload.get("request").get("headers").properties()).extracting(Map.Entry::getKey)
                .containsExactly("anthropic-version");
        assertThat(payload.get("request").get("bodyTruncated").asBoolean()).isTrue();
        assertThat(payload.get("request").get("bodyBytes").asLong()).isEqualTo(bigRequest.length);
        assertThat(Base64.getDecoder().decode(payload.get("request").get("body").asText()))
                .isEqualTo(java.util.Arrays.copyOf(bigRequest, 512));
        assertThat(payload.get("response").get("status").asInt()).isEqualTo(200);
        assertThat(payload.get("response").get("headers").get("content-type").asText()).isEqualTo("text/event-stream");
        byte[] stream = STREAM.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.get("response").get("bodyBytes").asLong()).isEqualTo(stream.length);
        assertThat(Base64.getDecoder().decode(payload.get("response").get("body").asText()))
                .isEqualTo(java.util.Arrays.copyOf(stream, 512));
        assertThat(payload.get("meta").get("accountId").asText()).isEqualTo(work.id());
        assertThat(payload.get("meta").get("isStream").asBoolean()).isTrue();
        assertThat(payload.get("meta").get("success").asBoolean()).isTrue();
        assertThat(payload.get("meta").get("retry").asInt()).isZero();

        JsonNode detail = app.get("/api/requests/detail?limit=5").json();
        assertThat(detail).hasSize(1);
        assertThat(detail.get(0).get("id").asText()).isEqualTo("p1");
        assertThat(detail.get(0).get("meta").get("accountName").asText()).isEqualTo("work");
    }

    @Test
    void bad_input_gets_400_and_unknown_ids_404() {
        RunningApp app = start(Map.of());
        assertThat(app.get("/api/requests/payload/nope")).isEqualTo(new RunningApp.Response(404, "{\"error\":\"Request not found\"}"));
        assertThat(app.get("/api/requests?limit=abc")).isEqualTo(new RunningApp.Response(400, "{\"error\":\"limit must be an integer\"}"));
        assertThat(app.get("/api/requests?limit=0")).isEqualTo(new RunningApp.Response(400, "{\"error\":\"limit must be at least 1\"}"));
        assertThat(app.get("/api/requests/detail?limit=1001"))
                .isEqualTo(new RunningApp.Response(400, "{\"error\":\"limit must be at most 1000\"}"));
        assertThat(app.get("/api/requests").body()).isEqualTo("[]");
        assertThat(app.get("/api/requests/detail").body()).isEqualTo("[]");
    }

    @Test
    void stats_sum_every_row_and_reset_clears_them() {
        RunningApp app = start(Map.of());
        Account work = account(app, "work");
        ExchangeObserver observer = app.app().exchangeObserver();
        FakeExchange.stream("a", NOW - 90_000_000L, work.id(), STREAM).run(observer);
        FakeExchange.json("b", NOW - 1_000, work.id(), JSON_BODY).withDuration(3_000).run(observer);
        FakeExchange.json("c", NOW - 500, null, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")
                .withStatus(500).withDuration(2_000).run(observer);
        app.app().accountStore().recordUse(work.id(), NOW, 18_000_000L);
        awaitRows(app, 3);

        JsonNode stats = app.get("/api/stats").json();
        assertThat(stats.get("totalRequests").asLong()).isEqualTo(3);
        assertThat(stats.get("successRate").asLong()).isEqualTo(67);
        assertThat(stats.get("activeAccounts").asLong()).isEqualTo(1);
        assertThat(stats.get("avgResponseTime").asLong()).isEqualTo(2_000);
        assertThat(stats.get("totalTokens").asLong()).isEqualTo(1337 + 75);
        assertThat(stats.get("totalCostUsd").asDouble()).isCloseTo((2130 + 142.7) / 1e6, within(1e-12));
        assertThat(stats.get("topModels").toString()).isEqualTo(
                "[{\"model\":\"claude-haiku-4-5-20251001\",\"count\":1,\"percentage\":50.0},"
                        + "{\"model\":\"claude-sonnet-4-5-20250929\",\"count\":1,\"percentage\":50.0}]");
        assertThat(stats.get("avgTokensPerSecond").asDouble()).isCloseTo((12.0 + 2.0) / 2, within(1e-9));
        assertThat(stats.get("accounts").toString()).isEqualTo(
                "[{\"name\":\"work\",\"requestCount\":2,\"successRate\":100,\"totalRequests\":1},"
                        + "{\"name\":\"no_account\",\"requestCount\":1,\"successRate\":0,\"totalRequests\":0}]");
        assertThat(stats.get("recentErrors").toString()).isEqualTo("[\"api_error: boom\"]");

        RunningApp.Response reset = app.post("/api/stats/reset");
        assertThat(reset).isEqualTo(new RunningApp.Response(200, "{\"success\":true,\"message\":\"Statistics reset successfully\"}"));
        JsonNode empty = app.get("/api/stats").json();
        assertThat(empty.get("totalRequests").asLong()).isZero();
        assertThat(empty.get("activeAccounts").asLong()).isZero();
        assertThat(empty.get("avgTokensPerSecond").isNull()).isTrue();
        assertThat(app.get("/api/requests").body()).isEqualTo("[]");
        assertThat(app.get("/api/requests/payload/a").status()).isEqualTo(404);
    }

    @Test
    void retention_cleanup_keeps_stats_in_step_with_the_rows() {
        RunningApp app = start(Map.of());
        ExchangeObserver observer = app.app().exchangeObserver();
        FakeExchange.json("old", NOW - 400L * 24 * 3_600_000, null, JSON_BODY).run(observer);
        FakeExchange.json("new", NOW - 1_000, null, JSON_BODY).run(observer);
        awaitRows(app, 2);
        assertThat(app.get("/api/stats").json().get("totalRequests").asLong()).isEqualTo(2);

        assertThat(app.post("/api/maintenance/cleanup").status()).isEqualTo(200);

        assertThat(app.get("/api/stats").json().get("totalRequests").asLong()).isEqualTo(1);
        assertThat(app.get("/api/analytics?range=30d").json().get("totals").get("requests").asLong()).isEqualTo(1);
    }

    @Test
    void live_events_announce_start_summary_and_payload() throws Exception {
        RunningApp app = start(Map.of());
        HttpResponse<InputStream> response = app.client().send(
                HttpRequest.newBuilder(app.uri("/api/requests/stream")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: connected");
            assertThat(reader.readLine()).isEqualTo("data: ok");
            assertThat(reader.readLine()).isEmpty();
            FakeExchange.stream("live", NOW - 1_000, null, STREAM).run(app.app().exchangeObserver());
            List<JsonNode> events = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (events.size() < 3) {
                    String line = reader.readLine();
                    if (line.startsWith("data: ")) {
                        events.add(io.betterccflare.server.Json.MAPPER.readTree(line.substring(6)));
                    }
                }
            });
            assertThat(events.get(0).toString()).isEqualTo("{\"type\":\"start\",\"id\":\"live\",\"timestamp\":" + (NOW - 1_000)
                    + ",\"method\":\"POST\",\"path\":\"/v1/messages\",\"accountId\":null,\"statusCode\":200,\"agentUsed\":null}");
            assertThat(events.get(1).get("type").asText()).isEqualTo("summary");
            assertThat(events.get(1).get("payload").get("id").asText()).isEqualTo("live");
            assertThat(events.get(1).get("payload").get("totalTokens").asLong()).isEqualTo(1337);
            assertThat(events.get(2).get("type").asText()).isEqualTo("payload");
            assertThat(events.get(2).get("payload").get("id").asText()).isEqualTo("live");
            assertThat(events.get(2).get("payload").get("meta").get("path").asText()).isEqualTo("/v1/messages");
        }
    }

    @Test
    void a_full_queue_counts_each_lost_row_and_shows_it_in_health() throws Exception {
        RunningApp app = start(Map.of("BETTER_CCFLARE_REQUEST_LOG_QUEUE", "5"));
        ExchangeObserver observer = app.app().exchangeObserver();
        int sent = 200;
        try (AutoCloseable lock = holdWriteLock(app.app().database())) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < sent; i++) {
                    FakeExchange.json("q" + i, NOW - 1_000, null, JSON_BODY).run(observer);
                }
            });
            long lost = app.app().requestRecorder().health().rows().lost();
            assertThat(lost).isPositive();
            JsonNode health = app.get("/health").json();
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("reasons").toString()).contains("request-log: " + lost + " item(s) could not be stored");
            assertThat(health.get("requestLog").get("rows").get("lost").asLong()).isEqualTo(lost);
        }
        long lost = app.app().requestRecorder().health().rows().lost();
        awaitRows(app, sent - lost);
    }

    @Test
    void a_locked_database_delays_rows_and_loses_none() throws Exception {
        RunningApp app = start(Map.of());
        ExchangeObserver observer = app.app().exchangeObserver();
        int sent = 200;
        try (AutoCloseable lock = holdWriteLock(app.app().database())) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < sent; i++) {
                    FakeExchange.stream("l" + i, NOW - 1_000, null, STREAM).run(observer);
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.get("/health").json().get("requestLog").get("rows").get("queued").asLong() > 0);
        }
        awaitRows(app, sent);
        JsonNode health = app.get("/health").json();
        assertThat(health.get("requestLog").get("rows").get("lost").asLong()).isZero();
        assertThat(health.get("status").asText()).isEqualTo("ok");
    }

    @Test
    void a_request_has_a_pending_row_from_its_start_and_a_complete_row_when_it_ends() {
        RunningApp app = start(Map.of());
        ExchangeObserver.Exchange exchange = app.app().exchangeObserver().begin(new ExchangeObserver.ExchangeStart(
                "running", NOW - 2_000, "POST", "/v1/messages", null, Map.of(), new byte[0], null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "pending".equals(state(app, "running")));
        JsonNode pending = row(app, "running");
        assertThat(pending.get("statusCode").isNull()).isTrue();
        assertThat(app.app().requestLog().count()).isZero();

        exchange.responseStarted(new ExchangeObserver.ResponseStart(null, null, 200,
                Map.of("content-type", List.of("application/json")), false, List.of()));
        byte[] body = JSON_BODY.getBytes(StandardCharsets.UTF_8);
        exchange.chunk(body, 0, body.length);
        exchange.finished(new ExchangeObserver.Finish(NOW, false, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "complete".equals(state(app, "running")));
        JsonNode complete = row(app, "running");
        assertThat(complete.get("statusCode").asInt()).isEqualTo(200);
        assertThat(complete.get("success").asBoolean()).isTrue();
        assertThat(complete.get("totalTokens").asLong()).isEqualTo(75);
        assertThat(app.get("/api/stats").json().get("totalRequests").asLong()).isEqualTo(1);
    }

    @Test
    void a_request_still_running_at_shutdown_is_stored_as_interrupted() {
        TestEnv env = env(temp);
        Config config = env.config();
        RunningApp app = RunningApp.start(config, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        app.app().exchangeObserver().begin(new ExchangeObserver.ExchangeStart(
                "cut", NOW - 2_000, "POST", "/v1/messages", null, Map.of(), new byte[0], null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "pending".equals(state(app, "cut")));
        app.close();

        try (Database database = Database.open(config.storage())) {
            RequestLogStore store = new RequestLogStore(database);
            RequestLogStore.Stored stored = store.recent(1).getFirst();
            assertThat(stored.state()).isEqualTo("interrupted");
            assertThat(stored.record().success()).isFalse();
            assertThat(stored.record().errorMessage()).isEqualTo(RequestLogStore.INTERRUPTED);
            assertThat(stored.record().responseTimeMs()).isEqualTo(2_000);
            assertThat(store.count()).isEqualTo(1);
        }
    }

    private static JsonNode row(RunningApp app, String id) {
        for (JsonNode row : app.get("/api/requests?limit=100").json()) {
            if (row.get("id").asText().equals(id)) {
                return row;
            }
        }
        return null;
    }

    private static String state(RunningApp app, String id) {
        JsonNode row = row(app, id);
        return row == null ? null : row.get("state").asText();
    }

    @Test
    void a_shutdown_under_load_loses_no_row() throws Exception {
        TestEnv env = env(temp);
        Config config = env.config();
        RunningApp app = RunningApp.start(config, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        ExchangeObserver observer = app.app().exchangeObserver();
        AtomicBoolean load = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                threads.submit(() -> {
                    for (int i = 0; load.get(); i++) {
                        FakeExchange.stream("t" + thread + "-" + i, NOW - 1_000, null, STREAM).run(observer);
                        sent.incrementAndGet();
                    }
                });
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() >= 2_000);
            load.set(false);
        }
        long lost = app.app().requestRecorder().health().rows().lost();
        app.close();

        try (Database database = Database.open(config.storage())) {
            long rows = new RequestLogStore(database).count();
            assertThat(lost).isZero();
            assertThat(rows).isEqualTo(sent.get());
        }
    }
}
