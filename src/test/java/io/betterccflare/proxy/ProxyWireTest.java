package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.fake.RawUpstream;
import io.betterccflare.logging.LogEntry;
import io.betterccflare.logging.Logging;
import io.betterccflare.server.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import io.betterccflare.support.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 through the real server: error-first streams fail over like their status, a lone account's
 * 529 stays a 529, the response-head and stream-idle timeouts, a client that leaves before the head,
 * and framing errors in both directions (a malformed chunked request; an upstream answer with both
 * {@code content-length} and chunked framing).
 */
class ProxyWireTest {
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = MESSAGE.replace("{\"model\"", "{\"stream\":true,\"model\"");

    @TempDir
    Path temp;

    private ProxyHarness harness;
    private RawUpstream raw;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        http.close();
        if (harness != null) {
            harness.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    private void start(UnaryOperator<TestEnv> env) {
        harness = new ProxyHarness(temp, env);
    }

    private HttpResponse<String> send(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode onlyRow() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> rows().size() == 1);
        return rows().get(0);
    }

    private JsonNode rows() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/api/requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    @ParameterizedTest(name = "upstream coding {0}")
    @ValueSource(strings = {"identity", "gzip", "zstd"})
    void an_overloaded_error_as_the_first_event_fails_over_and_benches_like_a_529(String coding) throws Exception {
        start(env -> env);
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        FakeResponse errorFirst = FakeResponse.errorFirst("overloaded_error", "Overloaded");
        harness.fake.enqueue((coding.equals("identity") ? errorFirst : errorFirst.encoded(coding)).times(3));

        HttpResponse<String> response = send(STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("event: message_start").contains("message_stop").doesNotContain("overloaded_error");
        assertThat(harness.fake.received()).hasSize(4);
        await().untilAsserted(() -> assertThat(harness.read(first).rateLimit().limitedReason()).isEqualTo("overloaded"));
        JsonNode row = onlyRow();
        assertThat(row.get("accountUsed").asText()).isEqualTo("second");
        assertThat(row.get("failoverAttempts").asInt()).isEqualTo(3);
    }

    @Test
    void an_api_error_as_the_first_event_fails_over_without_benching() throws Exception {
        start(env -> env);
        Account first = harness.console("first", 0);
        harness.console("second", 1);
        harness.fake.enqueue(FakeResponse.errorFirst("api_error", "Internal server error").times(3));

        HttpResponse<String> response = send(STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("message_stop");
        assertThat(onlyRow().get("accountUsed").asText()).isEqualTo("second");
        assertThat(harness.read(first).rateLimit().limitedUntil()).isNull();
    }

    @Test
    void a_lone_accounts_overload_reaches_the_client_as_the_upstreams_529() throws Exception {
        start(env -> env);
        harness.console("only", 0);
        harness.fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(3));

        HttpResponse<String> response = send(MESSAGE);

        assertThat(response.statusCode()).isEqualTo(529);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(error.get("error").get("message").asText()).isEqualTo("Overloaded");
    }

    @Test
    void a_lone_accounts_error_first_overload_also_reaches_the_client_as_a_529() throws Exception {
        start(env -> env);
        harness.console("only", 0);
        harness.fake.enqueue(FakeResponse.errorFirst("overloaded_error", "Overloaded").times(3));

        HttpResponse<String> response = send(STREAM);

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(Json.MAPPER.readTree(response.body()).get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(onlyRow().get("statusCode").asInt()).isEqualTo(529);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void an_upstream_that_never_sends_its_head_is_left_at_the_deadline_for_the_next_account(boolean stream) throws Exception {
        start(env -> env.with(stream ? "BETTER_CCFLARE_STREAM_HEADER_TIMEOUT_MS" : "BETTER_CCFLARE_HEADER_TIMEOUT_MS", "500"));
        harness.console("hanging", 0);
        harness.console("healthy", 1);
        harness.fake.enqueue(FakeResponse.hang());

        HttpResponse<String> response = send(stream ? STREAM : MESSAGE);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode row = onlyRow();
        assertThat(row.get("accountUsed").asText()).isEqualTo("healthy");
        assertThat(row.get("accountsTried").toString()).contains("timeout");
    }

    @Test
    void a_stream_that_goes_silent_ends_with_an_anthropic_error_event_and_a_marked_row() throws Exception {
        start(env -> env.with("CF_STREAM_TIMEOUT_MS", "1000"));
        harness.console("only", 0);
        harness.fake.enqueue(FakeResponse.message("never finished").pausedAfterFirstDelta(new CountDownLatch(1)));

        HttpResponse<String> response = send(STREAM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("content_block_delta").endsWith("\n\n");
        String last = response.body().substring(response.body().lastIndexOf("event: "));
        assertThat(last).startsWith("event: error\ndata: ");
        JsonNode error = Json.MAPPER.readTree(last.substring(last.indexOf('{')));
        assertThat(error.get("error").get("type").asText()).isEqualTo("timeout_error");
        assertThat(onlyRow().get("errorMessage").asText()).contains("idle");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void a_client_that_leaves_before_the_head_stops_the_exchange_and_leaves_one_499_row(boolean stream) throws Exception {
        start(env -> env);
        harness.console("hanging", 0);
        harness.console("healthy", 1);
        harness.fake.enqueue(FakeResponse.hang());
        String body = stream ? STREAM : MESSAGE;

        try (Socket client = new Socket("127.0.0.1", harness.server.port())) {
            RawUpstream.write(client.getOutputStream(), "POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                    + "content-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body);
            await().until(() -> harness.fake.received().size() == 1);
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode row = onlyRow();
            assertThat(row.get("statusCode").asInt()).isEqualTo(499);
        });
        assertThat(harness.fake.received()).hasSize(1);
    }

    @Test
    void a_malformed_chunk_size_in_the_request_is_a_400() throws Exception {
        start(env -> env);
        harness.console("only", 0);

        String answer;
        try (Socket client = new Socket("127.0.0.1", harness.server.port())) {
            OutputStream out = client.getOutputStream();
            RawUpstream.write(out, "POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "transfer-encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
            InputStream in = client.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(harness.fake.received()).isEmpty();
    }

    /**
     * Issue 10 part 7: both framings on one answer is a 502 Anthropic-shaped error and exactly one WARN line
     * (with the request's id, without a stack trace); no other WARN or ERROR line, from any logger.
     */
    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void an_upstream_answer_with_content_length_and_chunked_framing_is_a_502_and_one_warn_line(boolean stream) throws Exception {
        String contentType = stream ? "text/event-stream" : "application/json";
        raw = new RawUpstream((connection, request, head, out) -> {
            RawUpstream.write(out, "HTTP/1.1 200 OK\r\ncontent-type: " + contentType + "\r\ncontent-length: 5\r\n"
                    + "transfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
            return false;
        });
        start(env -> env);
        harness.compatible("framing", 0, raw.baseUrl());
        long since = System.currentTimeMillis();

        HttpResponse<String> response = send(stream ? STREAM : MESSAGE);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = Json.MAPPER.readTree(response.body());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("error").get("type").asText()).isEqualTo("api_error");
        JsonNode row = onlyRow();
        assertThat(row.get("statusCode").asInt()).isEqualTo(502);
        String requestId = row.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> Logging.bus().history().stream()
                .anyMatch(entry -> requestId.equals(entry.requestId()) && entry.level().equals("WARN")));
        List<LogEntry> lines = Logging.bus().history().stream().filter(entry -> entry.ts() >= since).toList();
        assertThat(lines).filteredOn(entry -> entry.level().equals("WARN") || entry.level().equals("ERROR"))
                .singleElement().satisfies(warn -> {
                    assertThat(warn.requestId()).isEqualTo(requestId);
                    assertThat(warn.msg()).contains("malformed response").doesNotContain("\tat ").doesNotContain("\n");
                });
        assertThat(lines).noneMatch(entry -> entry.msg().contains("\tat "));
    }
}
