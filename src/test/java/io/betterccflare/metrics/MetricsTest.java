package io.betterccflare.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.app.App;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.PrometheusText;
import io.betterccflare.support.TestEnv;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after known traffic through the real proxy and the fake upstream, parsed as the
 * Prometheus text format: exact request, failover, lockout, token and stream counts.
 */
class MetricsTest {
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String MESSAGE = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = MESSAGE.replace("{\"model\"", "{\"stream\":true,\"model\"");

    @TempDir
    Path temp;

    private FakeAnthropic fake;
    private App app;
    private ApiClient api;

    private void start(UnaryOperator<TestEnv> customize) {
        fake = FakeAnthropic.start();
        app = App.open(customize.apply(new TestEnv(temp).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl())).config(),
                Clock.systemUTC());
        api = new ApiClient(app.serve().port());
        app.accounts().addKeyAccount(new AccountService.NewKeyAccount("alpha", AccountMode.CONSOLE, "sk-ant-api03-alpha", 1, 0, null));
        app.accounts().addKeyAccount(new AccountService.NewKeyAccount("beta", AccountMode.CONSOLE, "sk-ant-api03-beta", 1, 1, null));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void counts_requests_tokens_failovers_lockouts_and_streams_exactly() {
        start(env -> env);
        fake.enqueue(FakeResponse.message("one").withUnifiedLimits("allowed", 1_900_000_000L, 0.42),
                FakeResponse.message("two"));
        assertThat(api.post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(api.post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(api.post("/v1/messages", STREAM).status()).isEqualTo(200);
        // A spent 5-hour window: a lockout and a failover (a 429 without window information would not bench, issue 11).
        fake.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down")
                .withWindow("5h", "rejected", System.currentTimeMillis() / 1000 + 3_600), FakeResponse.message("from beta"));
        assertThat(api.post("/v1/messages", MESSAGE).status()).isEqualTo(200);

        PrometheusText metrics = PrometheusText.parse(api.get("/metrics").body());

        Map<String, String> alphaOk = Map.of("account", "alpha", "model", MODEL, "status", "200", "outcome", "success");
        assertThat(metrics.type("better_ccflare_requests_total")).isEqualTo("counter");
        assertThat(metrics.value("better_ccflare_requests_total", alphaOk)).isEqualTo(3);
        assertThat(metrics.value("better_ccflare_requests_total", Map.of("account", "beta", "model", MODEL,
                "status", "200", "outcome", "success"))).isEqualTo(1);
        assertThat(metrics.sum("better_ccflare_requests_total", Map.of())).isEqualTo(4);
        assertThat(metrics.value("better_ccflare_failovers_total", Map.of("reason", "rate_limited"))).isEqualTo(1);
        assertThat(metrics.value("better_ccflare_lockouts_total", Map.of("reason", "rate_limited"))).isEqualTo(1);
        assertThat(metrics.value("better_ccflare_tokens_total", Map.of("account", "alpha", "model", MODEL, "type", "input"))).isEqualTo(75);
        assertThat(metrics.value("better_ccflare_tokens_total", Map.of("account", "alpha", "model", MODEL, "type", "output"))).isEqualTo(36);
        assertThat(metrics.value("better_ccflare_tokens_total", Map.of("account", "alpha", "model", MODEL, "type", "cache_read"))).isEqualTo(33);
        assertThat(metrics.value("better_ccflare_tokens_total", Map.of("account", "beta", "model", MODEL, "type", "cache_creation"))).isEqualTo(7);
        assertThat(metrics.value("better_ccflare_open_streams", Map.of())).isZero();
        assertThat(metrics.type("better_ccflare_request_duration_seconds")).isEqualTo("histogram");
        assertThat(metrics.value("better_ccflare_request_duration_seconds_count", Map.of("account", "alpha"))).isEqualTo(3);
        assertThat(metrics.value("better_ccflare_request_duration_seconds_bucket", Map.of("account", "alpha", "le", "+Inf"))).isEqualTo(3);
        assertThat(metrics.value("better_ccflare_time_to_first_byte_seconds_count", Map.of("account", "beta"))).isEqualTo(1);
        assertThat(metrics.value("better_ccflare_account_utilization_ratio", Map.of("account", "alpha", "window", "5h")))
                .isEqualTo(0.42);
        assertThat(metrics.value("better_ccflare_account_window_reset_seconds", Map.of("account", "alpha", "window", "5h")))
                .isPositive();
        assertThat(metrics.value("better_ccflare_request_log_dropped_total", Map.of())).isZero();
        assertThat(metrics.has("better_ccflare_request_log_queue_depth")).isTrue();
        assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
        assertThat(metrics.has("process_cpu_usage")).isTrue();
        assertThat(metrics.has("hikaricp_connections_acquire_seconds_count")).isTrue();

        // The cost counter agrees with the request log, request by request.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/requests").json().size() == 4);
        double logged = 0;
        for (var row : api.get("/api/requests").json()) {
            logged += row.path("costUsd").asDouble();
        }
        assertThat(metrics.sum("better_ccflare_cost_usd_total", Map.of())).isCloseTo(logged, within(1e-9));
    }

    @Test
    void health_probe_shows_as_database_latency() {
        start(env -> env);
        assertThat(api.get("/health").json().path("status").asText()).isEqualTo("ok");

        PrometheusText metrics = PrometheusText.parse(api.get("/metrics").body());

        assertThat(metrics.value("better_ccflare_database_probe_seconds_count", Map.of())).isEqualTo(1);
    }

    @Test
    void a_metrics_token_is_required_once_configured() throws Exception {
        start(env -> env.with("BETTER_CCFLARE_METRICS_TOKEN", "scrape-secret"));

        assertThat(api.get("/metrics").status()).isEqualTo(401);
        assertThat(scrape("Bearer wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> ok = scrape("Bearer scrape-secret");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(ok.body()).doesNotContain("scrape-secret");
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        return api.http().send(HttpRequest.newBuilder(api.uri("/metrics")).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
