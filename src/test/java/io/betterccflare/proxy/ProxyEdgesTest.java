package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.fake.ReceivedRequest;
import io.betterccflare.logging.LogDirectory;
import io.betterccflare.logging.LogEntry;
import io.betterccflare.logging.LogTail;
import io.betterccflare.logging.Logging;
import io.betterccflare.support.ApiClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, parts 5 and 6, through the real server and the fake upstream: only {@code /v1/*} ever reaches
 * an upstream (HEAD, preflights, telemetry, unknown {@code /api/*} are answered locally), a request that
 * comes back to the proxy is a 508 without recursing, and a looping account is skipped while others serve
 * (stored control characters: {@link StoredBrokenAccountContract}).
 */
class ProxyEdgesTest {
    @TempDir
    Path temp;

    private ProxyHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void head_works_wherever_get_does_and_never_reaches_an_upstream() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);
        Matcher asset = Pattern.compile("/assets/[^\"']+\\.js").matcher(harness.send("GET", "/", null).body());
        assertThat(asset.find()).isTrue();

        for (String path : List.of("/health", "/", "/dashboard", "/requests", asset.group(), "/api/accounts", "/api/hello",
                "/api/logs/stream", "/api/requests/stream")) {
            HttpResponse<String> head = harness.send("HEAD", path, null);
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
        }

        assertThat(harness.fake.received()).isEmpty();
        assertThat(harness.requestRows()).isEmpty();
    }

    @Test
    void unknown_api_paths_and_methods_are_json_404_and_405_and_stay_local() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        HttpResponse<String> unknown = harness.send("GET", "/api/nope", null);
        HttpResponse<String> mint = harness.send("POST", "/api/oauth/claude_cli/create_api_key", "{}");
        HttpResponse<String> wrongMethod = harness.send("DELETE", "/health", null);
        HttpResponse<String> wrongApiMethod = harness.send("PUT", "/api/accounts", "{}");
        HttpResponse<String> headUnknown = harness.send("HEAD", "/api/nope", null);
        HttpResponse<String> elsewhere = harness.send("POST", "/not-a-page", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"Not found: GET /api/nope\"}");
        assertThat(mint.statusCode()).isEqualTo(404);
        assertThat(mint.body()).isEqualTo("{\"error\":\"Not found: POST /api/oauth/claude_cli/create_api_key\"}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"Method DELETE is not allowed on /health\"}");
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(wrongApiMethod.statusCode()).isEqualTo(405);
        assertThat(wrongApiMethod.headers().firstValue("allow")).hasValue("GET, POST, HEAD, OPTIONS");
        assertThat(headUnknown.statusCode()).isEqualTo(404);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not found: POST /not-a-page\"}}");
        assertThat(harness.fake.received()).isEmpty();
        assertThat(harness.requestRows()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/messages", "/api/accounts", "/health", "/api/nope"})
    void cors_preflights_are_answered_locally_without_cors_headers(String path) throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        HttpResponse<String> preflight = harness.send("OPTIONS", path, null, "origin", "https://evil.example",
                "access-control-request-method", "POST", "access-control-request-headers", "content-type,x-api-key");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().map()).doesNotContainKey("access-control-allow-origin");
        assertThat(preflight.headers().firstValue("allow")).hasValue("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        assertThat(harness.fake.received()).isEmpty();
    }

    @Test
    void claude_code_telemetry_is_answered_locally() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        for (String path : List.of("/api/event_logging/batch", "/api/system/package-manager")) {
            HttpResponse<String> telemetry = harness.send("POST", path, "{\"events\":[]}");
            assertThat(telemetry.statusCode()).isEqualTo(200);
            assertThat(telemetry.body()).isEqualTo("{\"success\":true}");
        }
        assertThat(harness.fake.received()).isEmpty();
    }

    @Test
    void every_upstream_request_carries_the_hop_marker_and_clients_never_see_it() throws Exception {
        harness = new ProxyHarness(temp);
        harness.console("console", 0);

        HttpResponse<String> plain = harness.send("POST", "/v1/messages", ProxyHarness.MESSAGE);
        HttpResponse<String> chained = harness.send("POST", "/v1/messages", ProxyHarness.MESSAGE, "x-better-ccflare-via", "other-instance");

        List<ReceivedRequest> upstream = harness.fake.received();
        assertThat(upstream).hasSize(2);
        String self = upstream.get(0).header("x-better-ccflare-via");
        assertThat(self).matches("[0-9a-f-]{36}");
        assertThat(upstream.get(1).header("x-better-ccflare-via")).isEqualTo("other-instance," + self);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(chained.statusCode()).isEqualTo(200);
        assertThat(plain.headers().map().keySet()).noneMatch(name -> name.startsWith("x-better-ccflare"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void an_account_whose_endpoint_is_the_proxy_itself_gets_a_quick_508_and_the_proxy_keeps_answering(boolean streaming) throws Exception {
        harness = new ProxyHarness(temp);
        harness.compatible("loop", 0, harness.baseUrl());

        HttpResponse<String> looped = harness.send("POST", "/v1/messages", streaming ? ProxyHarness.STREAM : ProxyHarness.MESSAGE);

        assertThat(looped.statusCode()).isEqualTo(508);
        assertThat(ApiClient.json(looped.body()).path("type").asText()).isEqualTo("error");
        assertThat(ApiClient.json(looped.body()).path("error").path("message").asText()).startsWith("Request loop");
        assertThat(looped.headers().map().keySet()).noneMatch(name -> name.startsWith("x-better-ccflare"));
        assertThat(harness.fake.received()).isEmpty();
        assertThat(harness.send("GET", "/health", null).statusCode()).isEqualTo(200);
        // One row: the client's request, which tried the looping account once.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.requestRows()).hasSize(1));
        JsonNode row = harness.requestRows().get(0);
        assertThat(row.path("statusCode").asInt()).isEqualTo(508);
        assertThat(row.path("accountsTried").toString()).contains("loop");
        // The WARN about the looping account carries the request's id (MDC), in memory and in the file.
        String id = row.path("id").asText();
        Predicate<LogEntry> loopLine = entry -> entry.msg().contains("sends requests back to this proxy") && id.equals(entry.requestId());
        await().atMost(Duration.ofSeconds(10)).until(() -> Logging.bus().history().stream().anyMatch(loopLine));
        await().atMost(Duration.ofSeconds(10)).until(() -> LogTail.read(LogDirectory.file(Map.of()), 200).stream().anyMatch(loopLine));
    }

    @Test
    void a_looping_account_is_skipped_when_a_healthy_one_can_serve() throws Exception {
        harness = new ProxyHarness(temp);
        harness.compatible("loop", 0, harness.baseUrl());
        harness.console("healthy", 5);

        HttpResponse<String> response = harness.send("POST", "/v1/messages", ProxyHarness.MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.fake.received()).hasSize(1);
    }
}
