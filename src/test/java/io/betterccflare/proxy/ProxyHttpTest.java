package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.fake.FakeResponse;
import io.betterccflare.fake.ReceivedRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire-level details the SDK hides: header policy, pass-through of upstream headers (compressed bodies:
 * {@code ProxiedRequestLogContract}; timeouts and framing: {@link ProxyWireTest}), chunk-by-chunk streaming, client disconnects, body limits and the proxy's own errors.
 * Raw JDK HttpClient against the real app and {@link io.betterccflare.fake.FakeAnthropic}.
 */
class ProxyHttpTest {
    private static final String MESSAGE = ProxyHarness.MESSAGE;
    private static final String STREAM = ProxyHarness.STREAM;

    @TempDir
    Path temp;

    private ProxyHarness harness;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        http.close();
        if (harness != null) {
            harness.close();
        }
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(harness.baseUrl() + path))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oauth_accounts_get_the_bearer_and_the_beta_while_client_credentials_are_dropped() throws Exception {
        harness = new ProxyHarness(temp);
        harness.oauth("max", 0);

        send(post("/v1/messages?beta=true", MESSAGE)
                .header("x-api-key", "sk-client-key").header("authorization", "Bearer sk-client-token")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .header("user-agent", "claude-cli/2.1.331 (external, cli)").header("x-app", "cli")
                .header("x-claude-code-session-id", "session-1"));

        ReceivedRequest upstream = harness.fake.lastRequest();
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.query()).isEqualTo("beta=true");
        assertThat(upstream.headers().get("authorization")).containsExactly("Bearer sk-ant-oat01-max");
        assertThat(upstream.headers()).doesNotContainKey("x-api-key");
        assertThat(upstream.headers().get("anthropic-beta"))
                .containsExactly("claude-code-20250219,interleaved-thinking-2025-05-14,oauth-2025-04-20");
        assertThat(upstream.header("user-agent")).isEqualTo("claude-cli/2.1.331 (external, cli)");
        assertThat(upstream.header("x-app")).isEqualTo("cli");
        assertThat(upstream.header("x-claude-code-session-id")).isEqualTo("session-1");
        assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(upstream.bodyText()).isEqualTo(MESSAGE);
    }

    @Test
    void key_accounts_replace_the_client_credentials_with_x_api_key() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        send(post("/v1/messages", MESSAGE).header("authorization", "Bearer sk-client-token").header("anthropic-beta", "a"));

        ReceivedRequest upstream = harness.fake.lastRequest();
        assertThat(upstream.headers().get("x-api-key")).containsExactly("sk-ant-api03-console-key");
        assertThat(upstream.headers()).doesNotContainKey("authorization");
        assertThat(upstream.headers().get("anthropic-beta")).containsExactly("a");
    }

    @Test
    void upstream_request_id_and_rate_limit_headers_reach_the_client_and_the_account() throws Exception {
        harness = new ProxyHarness(temp);
        var account = harness.oauth("max", 0);
        harness.fake.enqueue(FakeResponse.message("ok").withUnifiedLimits("allowed_warning", 1_900_000_000L, 0.91));

        HttpResponse<String> response = send(post("/v1/messages", MESSAGE));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_fake_"));
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-status")).contains("allowed_warning");
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-5h-utilization")).contains("0.91");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var read = harness.read(account);
            assertThat(read.rateLimit().status()).isEqualTo("allowed_warning");
            assertThat(read.rateLimit().reset()).isEqualTo(1_900_000_000_000L);
            assertThat(read.rateLimit().fiveHourUtilization()).isEqualTo(0.91);
            assertThat(read.rateLimit().sevenDayUtilization()).isEqualTo(0.25);
            assertThat(read.rateLimit().limitedUntil()).isNull();
            assertThat(read.requestCount()).isEqualTo(1);
        });
    }

    @Test
    void each_event_reaches_the_client_before_the_upstream_sends_the_next() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);
        CountDownLatch release = new CountDownLatch(1);
        harness.fake.enqueue(FakeResponse.message("first second third").pausedAfterFirstDelta(release));

        HttpResponse<InputStream> response = http.send(post("/v1/messages", STREAM).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = events.readLine();
            } while (line != null && !line.contains("text_delta"));
            assertThat(line).contains("\"text\":\"first \"");
            assertThat(release.getCount()).isEqualTo(1);
            release.countDown();
            StringBuilder rest = new StringBuilder();
            while ((line = events.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("event: message_stop\ndata: {\"type\":\"message_stop\"}\n");
        }
    }

    @Test
    void a_client_that_disconnects_mid_stream_cancels_the_upstream_within_a_second() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);
        harness.fake.enqueue(FakeResponse.message("x".repeat(400)).withEvents(400, Duration.ofMillis(50)));

        HttpResponse<InputStream> response = http.send(post("/v1/messages", STREAM).build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        assertThat(new String(body.readNBytes(200), StandardCharsets.UTF_8)).startsWith("event: message_start");
        body.close();
        long closedAt = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(1)).until(() -> !harness.fake.abandoned().isEmpty());
        assertThat(harness.fake.abandoned().getFirst().atMs() - closedAt).isLessThan(1_000);
    }

    @Test
    void a_body_over_the_limit_gets_413() throws Exception {
        harness = new ProxyHarness(temp, env -> env.with("BETTER_CCFLARE_MAX_BODY_MB", "1"));
        harness.console("console", 0);

        HttpResponse<String> response = send(post("/v1/messages", "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(
                "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request body is larger than the 1 MB limit\"}}");
        assertThat(harness.fake.received()).isEmpty();
    }

    @Test
    void a_chunked_body_under_the_limit_is_forwarded_whole() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);
        byte[] big = ("{\"pad\":\"" + "y".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send(post("/v1/messages", "")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.fake.lastRequest().body()).isEqualTo(big);
    }

    @Test
    void malformed_json_reaches_the_upstream_and_its_400_comes_back() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);
        harness.fake.enqueue(FakeResponse.error(400, "invalid_request_error", "messages: Field required"));

        HttpResponse<String> response = send(post("/v1/messages", "{\"model\": oops"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"message\":\"messages: Field required\"");
        assertThat(harness.fake.lastRequest().bodyText()).isEqualTo("{\"model\": oops");
    }

    @Test
    void other_4xx_go_back_to_the_client_without_failover() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(404, "not_found_error", "model: nope"));

        HttpResponse<String> response = send(post("/v1/messages", MESSAGE));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(harness.fake.received()).hasSize(1);
    }

    @Test
    void without_accounts_requests_pass_through_with_the_client_credentials() throws Exception {
        harness = new ProxyHarness(temp);

        HttpResponse<String> response = send(post("/v1/messages", MESSAGE).header("x-api-key", "sk-client-own"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.fake.lastRequest().header("x-api-key")).isEqualTo("sk-client-own");
    }

    @Test
    void without_accounts_and_pass_through_off_the_answer_is_503() throws Exception {
        harness = new ProxyHarness(temp, env -> env.with("BETTER_CCFLARE_PASSTHROUGH", "false"));

        HttpResponse<String> response = send(post("/v1/messages", MESSAGE));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).contains("5");
        assertThat(response.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                + "\"No accounts are configured and pass-through is disabled (BETTER_CCFLARE_PASSTHROUGH=false)\"}}");
        assertThat(harness.fake.received()).isEmpty();
    }

    @Test
    void when_every_account_fails_the_answer_is_503_with_retry_after() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.error(500, "api_error", "boom").times(3));
        harness.fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(3));

        HttpResponse<String> response = send(post("/v1/messages", MESSAGE));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 10L));
        assertThat(response.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
                + "\"All accounts failed to proxy the request (6 attempted)\"}}");
    }

    @Test
    void v1_paths_are_proxied_while_telemetry_and_health_are_answered_locally() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        HttpResponse<String> models = send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/models?limit=5")).GET());
        HttpResponse<String> telemetry = send(post("/api/event_logging/batch", "{}"));
        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/health")).GET());

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("claude-sonnet-4-5-20250929");
        assertThat(telemetry.statusCode()).isEqualTo(200);
        assertThat(harness.fake.received()).extracting(ReceivedRequest::path).containsExactly("/v1/models");
        assertThat(health.body()).contains("\"status\":\"ok\"");
    }
}
