package io.betterccflare.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.support.FakeExchange;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import io.betterccflare.tokens.UsageTrackerTestFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/analytics} through the real server over rows written by the recorder: every range, both
 * modes, the filters and breakdowns, and bad parameters. Run on SQLite and PostgreSQL.
 */
abstract class AnalyticsContract {
    static final long NOW = Instant.parse("2026-01-15T12:30:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final String SONNET = "claude-sonnet-4-5-20250929";
    static final String HAIKU = "claude-haiku-4-5-20251001";
    static final String HAIKU_JSON = """
            {"model":"claude-haiku-4-5-20251001","content":[],"usage":{"input_tokens":12,"cache_creation_input_tokens":50,
             "cache_read_input_tokens":7,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":50},"output_tokens":6}}""";
    static final double SONNET_COST = 2130 / 1e6;
    static final double HAIKU_COST = 142.7 / 1e6;

    @TempDir
    Path temp;

    private RunningApp app;

    protected abstract TestEnv env(Path temp);

    @BeforeEach
    void start() {
        app = RunningApp.start(env(temp).config(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        Account work = account("work");
        Account other = account("other");
        ExchangeObserver observer = app.app().exchangeObserver();
        String stream = UsageTrackerTestFixtures.STREAM;
        FakeExchange.stream("A", NOW - 10 * MINUTE, work.id(), stream).run(observer);
        FakeExchange.json("B", NOW - 2 * HOUR, work.id(), HAIKU_JSON).run(observer);
        FakeExchange.json("C", NOW - 30 * MINUTE, null, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}")
                .withStatus(500).run(observer);
        FakeExchange.json("G", NOW - 23 * HOUR - 54 * MINUTE, work.id(), HAIKU_JSON).run(observer);
        FakeExchange.stream("D", NOW - 3 * 24 * HOUR, other.id(), stream).run(observer);
        FakeExchange.stream("E", NOW - 20 * 24 * HOUR, work.id(), stream).run(observer);
        FakeExchange.stream("F", NOW - 40 * 24 * HOUR, work.id(), stream).run(observer);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.app().requestLog().count() == 7);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private Account account(String name) {
        return app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount(name, AccountMode.CONSOLE,
                "sk-ant-api03-" + name + "-secret", 1, 0, null));
    }

    private JsonNode analytics(String query) {
        RunningApp.Response response = app.get("/api/analytics" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> longs(JsonNode array, String field) {
        List<Long> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asLong()));
        return values;
    }

    @Test
    void the_default_day_has_every_total_series_and_breakdown() {
        JsonNode body = analytics("");
        assertThat(body.get("meta").toString()).isEqualTo("{\"range\":\"24h\",\"bucket\":\"1h\",\"cumulative\":false}");
        JsonNode totals = body.get("totals");
        assertThat(totals.get("requests").asLong()).isEqualTo(4);
        assertThat(totals.get("successRate").asDouble()).isEqualTo(75.0);
        assertThat(totals.get("activeAccounts").asLong()).isEqualTo(2);
        assertThat(totals.get("avgResponseTime").asDouble()).isEqualTo(1000.0);
        assertThat(totals.get("totalTokens").asLong()).isEqualTo(1337 + 75 + 75);
        assertThat(totals.get("totalCostUsd").asDouble()).isCloseTo(SONNET_COST + 2 * HAIKU_COST, within(1e-12));
        assertThat(totals.get("avgTokensPerSecond").asDouble()).isCloseTo(8.0, within(1e-9));

        JsonNode series = body.get("timeSeries");
        long day = NOW - 24 * HOUR;
        assertThat(longs(series, "ts")).containsExactly(day / HOUR * HOUR, (NOW - 2 * HOUR) / HOUR * HOUR, NOW / HOUR * HOUR);
        assertThat(longs(series, "requests")).containsExactly(1L, 1L, 2L);
        JsonNode last = series.get(2);
        assertThat(last.get("successRate").asDouble()).isEqualTo(50.0);
        assertThat(last.get("errorRate").asDouble()).isEqualTo(50.0);
        assertThat(last.get("tokens").asLong()).isEqualTo(1337);
        assertThat(last.get("cacheHitRate").asDouble()).isCloseTo(1000 * 100.0 / 1325, within(1e-9));
        assertThat(last.get("avgTokensPerSecond").asDouble()).isEqualTo(12.0);
        assertThat(last.has("model")).isFalse();

        assertThat(body.get("tokenBreakdown").toString()).isEqualTo(
                "{\"inputTokens\":49,\"cacheReadInputTokens\":1014,\"cacheCreationInputTokens\":400,\"outputTokens\":24}");
        assertThat(body.get("modelDistribution").toString()).isEqualTo(
                "[{\"model\":\"" + HAIKU + "\",\"count\":2},{\"model\":\"" + SONNET + "\",\"count\":1}]");
        assertThat(body.get("accountPerformance").toString()).isEqualTo(
                "[{\"name\":\"work\",\"requests\":3,\"successRate\":100.0},{\"name\":\"no_account\",\"requests\":1,\"successRate\":0.0}]");
        JsonNode cost = body.get("costByModel");
        assertThat(cost.get(0).get("model").asText()).isEqualTo(SONNET);
        assertThat(cost.get(1).get("requests").asLong()).isEqualTo(2);
        assertThat(cost.get(1).get("totalTokens").asLong()).isEqualTo(150);
        JsonNode performance = body.get("modelPerformance").get(0);
        assertThat(performance.get("model").asText()).isEqualTo(HAIKU);
        assertThat(performance.get("p95ResponseTime").asDouble()).isEqualTo(1000.0);
        assertThat(performance.get("errorRate").asDouble()).isZero();
        assertThat(performance.get("minTokensPerSecond").asDouble()).isEqualTo(6.0);
        assertThat(performance.get("maxTokensPerSecond").asDouble()).isEqualTo(6.0);
    }

    @Test
    void each_range_has_its_window_and_bucket() {
        assertThat(analytics("?range=1h").get("totals").get("requests").asLong()).isEqualTo(2);
        assertThat(longs(analytics("?range=1h").get("timeSeries"), "ts"))
                .containsExactly((NOW - 30 * MINUTE) / MINUTE * MINUTE, (NOW - 10 * MINUTE) / MINUTE * MINUTE);
        assertThat(analytics("?range=6h").get("meta").get("bucket").asText()).isEqualTo("5m");
        assertThat(analytics("?range=6h").get("totals").get("requests").asLong()).isEqualTo(3);
        assertThat(analytics("?range=7d").get("totals").get("requests").asLong()).isEqualTo(5);
        JsonNode month = analytics("?range=30d");
        assertThat(month.get("meta").get("bucket").asText()).isEqualTo("1d");
        assertThat(month.get("totals").get("requests").asLong()).isEqualTo(6);
        long dayMs = 24 * HOUR;
        assertThat(longs(month.get("timeSeries"), "ts")).containsExactly(
                (NOW - 20 * dayMs) / dayMs * dayMs, (NOW - 3 * dayMs) / dayMs * dayMs,
                (NOW - 24 * HOUR) / dayMs * dayMs, NOW / dayMs * dayMs);
    }

    @Test
    void filters_keep_only_matching_rows() {
        assertThat(analytics("?status=error").get("totals").get("requests").asLong()).isEqualTo(1);
        assertThat(analytics("?status=success").get("totals").get("requests").asLong()).isEqualTo(3);
        assertThat(analytics("?accounts=work").get("totals").get("requests").asLong()).isEqualTo(3);
        assertThat(analytics("?accounts=no_account").get("totals").get("requests").asLong()).isEqualTo(1);
        assertThat(analytics("?accounts=other,no_account&range=7d").get("totals").get("requests").asLong()).isEqualTo(2);
        assertThat(analytics("?accounts=nobody").get("totals").get("requests").asLong()).isZero();
        assertThat(analytics("?models=" + SONNET).get("totals").get("requests").asLong()).isEqualTo(1);
        assertThat(analytics("?models=" + HAIKU + "&accounts=work&range=1h").get("totals").get("requests").asLong()).isZero();
        JsonNode sonnetWeek = analytics("?models=" + SONNET + "&range=7d&status=success");
        assertThat(sonnetWeek.get("modelPerformance").get(0).get("p95ResponseTime").asDouble()).isEqualTo(1000.0);
        assertThat(sonnetWeek.get("totals").get("requests").asLong()).isEqualTo(2);
    }

    @Test
    void cumulative_mode_with_model_breakdown_runs_totals_per_model() {
        JsonNode body = analytics("?range=30d&mode=cumulative&modelBreakdown=true");
        assertThat(body.get("meta").get("cumulative").asBoolean()).isTrue();
        List<String> sonnet = new ArrayList<>();
        body.get("timeSeries").forEach(point -> {
            assertThat(point.has("model")).isTrue();
            if (point.get("model").asText().equals(SONNET)) {
                sonnet.add(point.get("requests").asLong() + "/" + point.get("tokens").asLong());
            }
        });
        assertThat(sonnet).containsExactly("1/1337", "2/2674", "3/4011");
        JsonNode last = body.get("timeSeries").get(body.get("timeSeries").size() - 1);
        assertThat(last.get("costUsd").asDouble()).isGreaterThan(0);
        JsonNode plain = analytics("?range=30d&mode=cumulative");
        assertThat(longs(plain.get("timeSeries"), "requests")).containsExactly(1L, 2L, 3L, 6L);
    }

    @Test
    void bad_parameters_get_400_with_the_reason() {
        assertThat(app.get("/api/analytics?range=2d"))
                .isEqualTo(new RunningApp.Response(400, "{\"error\":\"range must be one of: 1h, 6h, 24h, 7d, 30d\"}"));
        assertThat(app.get("/api/analytics?mode=sum"))
                .isEqualTo(new RunningApp.Response(400, "{\"error\":\"mode must be one of: normal, cumulative\"}"));
        assertThat(app.get("/api/analytics?status=ok"))
                .isEqualTo(new RunningApp.Response(400, "{\"error\":\"status must be one of: all, success, error\"}"));
    }
}
