package io.betterccflare.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.fake.ConnectProxy;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.fake.RawUpstream;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests sent with the official SDK through the real proxy to the fake upstream are logged with the
 * exact token counts the fake reported and the cost the bundled price table implies; payloads are stored
 * without credentials. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class ProxiedRequestLogContract {
    private static final String MODEL = "claude-sonnet-4-5-20250929";
    /** The fake reports input 25, cache write 7, cache read 11, output 12; Sonnet 4.5 costs 3 / 15 / 0.30 / 3.75 per MTok. */
    private static final double COST = (25 * 3.0 + 12 * 15.0 + 11 * 0.30 + 7 * 3.75) / 1_000_000;
    private static final String ACCOUNT_KEY = "sk-ant-api03-account-secret-0123456789";
    private static final String CLIENT_KEY = "sk-ant-api03-client-own-secret-9876543210";

    @TempDir
    Path tempDir;

    private FakeAnthropic fake;
    private RunningApp app;
    private AnthropicClient client;

    /** Adds what selects the database under test. */
    protected abstract TestEnv database(TestEnv env);

    @BeforeEach
    void start() {
        fake = FakeAnthropic.start();
        TestEnv env = database(new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()));
        app = RunningApp.start(env.config(), Clock.systemUTC());
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE, ACCOUNT_KEY, 1, 0, null));
        client = AnthropicOkHttpClient.builder().baseUrl(app.uri("").toString()).apiKey(CLIENT_KEY).maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    private MessageCreateParams message() {
        return MessageCreateParams.builder().model(MODEL).maxTokens(256).addUserMessage("Say hi").build();
    }

    /** The one request, once it ended (it is listed as {@code pending} from its start). */
    private JsonNode onlyLoggedRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode rows = app.get("/api/requests").json();
            return rows.size() == 1 && rows.get(0).get("state").asText().equals("complete");
        });
        return app.get("/api/requests").json().get(0);
    }

    private void assertUsageAndCost(JsonNode row, boolean stream) {
        assertThat(row.get("accountUsed").asText()).isEqualTo("work");
        assertThat(row.get("statusCode").asInt()).isEqualTo(200);
        assertThat(row.get("success").asBoolean()).isTrue();
        assertThat(row.get("model").asText()).isEqualTo(MODEL);
        assertThat(row.get("inputTokens").asLong()).isEqualTo(25);
        assertThat(row.get("cacheCreationInputTokens").asLong()).isEqualTo(7);
        assertThat(row.get("cacheReadInputTokens").asLong()).isEqualTo(11);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(12);
        assertThat(row.get("totalTokens").asLong()).isEqualTo(25 + 7 + 11 + 12);
        assertThat(row.get("costUsd").asDouble()).isCloseTo(COST, within(1e-12));
        assertThat(row.get("isStream").asBoolean()).isEqualTo(stream);
        assertThat(row.get("failoverAttempts").asInt()).isZero();
    }

    private void assertPayloadHasNoCredentials(String id) {
        RunningApp.Response payload = app.get("/api/requests/payload/" + id);
        assertThat(payload.status()).isEqualTo(200);
        String requestBody = new String(Base64.getDecoder().decode(payload.json().get("request").get("body").asText()),
                StandardCharsets.UTF_8);
        assertThat(requestBody).contains("Say hi");
        assertThat(payload.json().get("request").get("headers").has("x-api-key")).isFalse();
        assertThat(payload.json().get("request").get("headers").has("authorization")).isFalse();
        assertThat(payload.body()).doesNotContain(CLIENT_KEY).doesNotContain(ACCOUNT_KEY);
    }

    @Test
    void a_non_streamed_request_is_logged_with_exact_tokens_and_cost() {
        client.messages().create(message());

        JsonNode row = onlyLoggedRequest();
        assertUsageAndCost(row, false);
        assertPayloadHasNoCredentials(row.get("id").asText());
        assertThat(fake.lastRequest().header("x-api-key")).isEqualTo(ACCOUNT_KEY);
    }

    @Test
    void a_streamed_request_is_logged_with_exact_tokens_and_cost() {
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(message())) {
            assertThat(stream.stream().count()).isGreaterThan(5);
        }

        JsonNode row = onlyLoggedRequest();
        assertUsageAndCost(row, true);
        assertPayloadHasNoCredentials(row.get("id").asText());
        JsonNode stats = app.get("/api/stats").json();
        assertThat(stats.get("totalRequests").asLong()).isEqualTo(1);
        assertThat(stats.get("totalCostUsd").asDouble()).isCloseTo(COST, within(1e-12));
    }

    @Test
    void a_failover_is_logged_once_with_both_accounts_tried() {
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("spare", AccountMode.CONSOLE,
                "sk-ant-api03-spare-secret-0123456789", 1, 5, null));
        // Overloaded on the first try and on both in-place retries (issue 11), then the spare serves.
        fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded").times(3));

        client.messages().create(message());

        JsonNode row = onlyLoggedRequest();
        assertThat(row.get("accountUsed").asText()).isEqualTo("spare");
        // Every attempt before the serving one is in the row: the first try and its two in-place retries.
        assertThat(row.get("failoverAttempts").asInt()).isEqualTo(3);
        assertThat(row.get("accountsTried").toString()).contains("work", "spare");
    }

    /** Sends {@code body} to the proxy with {@code accept-encoding: coding} and returns the decoded text. */
    private String sendAccepting(String coding, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri("/v1/messages")).header("x-api-key", CLIENT_KEY)
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("accept-encoding", coding).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> response = app.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        String encoding = response.headers().firstValue("content-encoding").orElse("identity");
        // The client gets a body it can decode: the proxy relays identity.
        assertThat(encoding).isEqualTo("identity");
        assertThat(response.headers().firstValue("content-length").map(Long::parseLong).orElse((long) response.body().length))
                .isEqualTo(response.body().length);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String messageBody(boolean stream) {
        return "{\"model\":\"" + MODEL + "\",\"max_tokens\":256,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    }

    private String storedResponseBody(String id) {
        JsonNode payload = app.get("/api/requests/payload/" + id).json();
        return new String(Base64.getDecoder().decode(payload.get("response").get("body").asText()), StandardCharsets.UTF_8);
    }

    /**
     * Issue 10, fault 1: every coding a client may ask for, streamed and not, with an upstream that compresses
     * as asked (the proxy asks it for identity) and one that compresses whatever it is asked.
     */
    @ParameterizedTest(name = "{0}, stream={1}, upstream compresses {2}")
    @CsvSource({"gzip,false,as-asked", "gzip,true,as-asked", "deflate,false,as-asked", "br,true,as-asked",
            "zstd,false,as-asked", "gzip,false,gzip", "gzip,true,gzip", "deflate,false,deflate", "deflate,true,deflate",
            "br,false,br", "br,true,br", "zstd,false,zstd", "zstd,true,zstd", "'gzip, deflate, br, zstd',true,br"})
    void a_compressed_answer_is_logged_with_usage_and_relayed_readably(String accepted, boolean stream, String upstream)
            throws Exception {
        fake.enqueue(FakeResponse.message("Hello through compression").encoded(upstream));

        String text = sendAccepting(accepted, messageBody(stream));

        assertThat(fake.lastRequest().header("accept-encoding")).isEqualTo("identity");
        assertThat(text).contains(stream ? "message_stop" : "Hello through compression");
        JsonNode row = onlyLoggedRequest();
        assertUsageAndCost(row, stream);
        assertThat(row.get("errorMessage").isNull()).isTrue();
        assertThat(storedResponseBody(row.get("id").asText())).contains("\"model\":\"" + MODEL + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gzip", "deflate", "br", "zstd"})
    void a_compressed_error_keeps_its_message(String coding) throws Exception {
        fake.enqueue(FakeResponse.error(400, "invalid_request_error", "max_tokens: too large").encoded(coding));

        String text = sendAccepting(coding, messageBody(false));

        assertThat(text).contains("max_tokens: too large");
        JsonNode row = onlyLoggedRequest();
        assertThat(row.get("statusCode").asInt()).isEqualTo(400);
        assertThat(row.get("errorMessage").asText()).contains("max_tokens: too large");
        assertThat(storedResponseBody(row.get("id").asText())).contains("invalid_request_error");
    }

    @Test
    void the_sdk_asking_for_gzip_gets_usage_logged_from_a_gzipping_upstream() {
        fake.enqueue(FakeResponse.message("zipped").encoded("gzip"));
        client.messages().create(message());
        fake.enqueue(FakeResponse.message("zipped").encoded("gzip"));
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(message())) {
            assertThat(stream.stream().count()).isGreaterThan(5);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/api/requests").json().size() == 2);
        for (JsonNode row : app.get("/api/requests").json()) {
            assertThat(row.get("inputTokens").asLong()).isEqualTo(25);
            assertThat(row.get("outputTokens").asLong()).isEqualTo(12);
            assertThat(row.get("costUsd").asDouble()).isCloseTo(COST, within(1e-12));
        }
    }

    /** Sends a non-streamed or streamed message pinned to one account; returns the status. */
    private int sendPinned(String account, boolean stream) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri("/v1/messages")).header("x-api-key", CLIENT_KEY)
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-better-ccflare-account-id", account)
                .POST(HttpRequest.BodyPublishers.ofString(messageBody(stream))).build();
        return app.client().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * Issue 10 part 8: an account's own proxy carries that account's upstream calls (with its Basic
     * credentials), the other account goes direct, and the credentials never show in the API or the log.
     */
    @Test
    void an_account_with_its_own_proxy_leaves_through_it_and_the_others_go_direct() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy()) {
            ApiClient api = new ApiClient(app.uri("").getPort());
            String id = api.post("/api/accounts/console", "{\"name\":\"egress\",\"apiKey\":\"sk-ant-api03-egress-0123456789\","
                    + "\"priority\":7,\"proxyUrl\":\"http://corp-user:pr%40xy-s3cret@127.0.0.1:" + proxy.port() + "\"}")
                    .json().path("account").path("id").asText();

            assertThat(sendPinned("egress", false)).isEqualTo(200);
            assertThat(sendPinned("egress", true)).isEqualTo(200);
            assertThat(sendPinned("work", false)).isEqualTo(200);

            // The proxy forwards each request's head as it came, so the fake sees who went through it.
            String basic = "Basic " + Base64.getEncoder().encodeToString("corp-user:pr@xy-s3cret".getBytes(StandardCharsets.UTF_8));
            assertThat(proxy.targets()).first().isEqualTo("POST " + fake.baseUrl() + "/v1/messages");
            assertThat(fake.received()).extracting(received -> received.header("proxy-authorization"))
                    .containsExactly(basic, basic, null);

            String accounts = api.get("/api/accounts").body();
            assertThat(accounts).contains("\"proxyUrl\":\"http://****@127.0.0.1:" + proxy.port() + "\"")
                    .doesNotContain("s3cret").doesNotContain("corp-user");
            assertThat(api.get("/api/logs/history").body()).doesNotContain("s3cret");

            ApiClient.Reply cleared = api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":null}");
            assertThat(cleared.json().path("proxyUrl").isNull()).as(cleared.body()).isTrue();
            assertThat(sendPinned("egress", false)).isEqualTo(200);
            assertThat(fake.lastRequest().header("proxy-authorization")).isNull();
        }
    }

    /**
     * Issue 10 part 8: a proxy that cannot be reached, or that refuses the account's credentials (407), fails
     * its account over like any connect failure.
     */
    @ParameterizedTest(name = "proxy {0}")
    @ValueSource(strings = {"unreachable", "refusing"})
    void an_account_whose_proxy_fails_fails_over_to_the_next(String kind) throws Exception {
        int proxyPort;
        RawUpstream refusing = null;
        if (kind.equals("refusing")) {
            refusing = new RawUpstream((connection, request, head, out) -> {
                RawUpstream.write(out, "HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n");
                return false;
            });
            proxyPort = refusing.port();
        } else {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                proxyPort = socket.getLocalPort();
            }
        }
        ApiClient api = new ApiClient(app.uri("").getPort());
        assertThat(api.post("/api/accounts/work/priority", "{\"priority\":5}").status()).isEqualTo(200);
        String id = api.post("/api/accounts/console", "{\"name\":\"blocked\",\"apiKey\":\"sk-ant-api03-blocked-0123456789\"}")
                .json().path("account").path("id").asText();
        assertThat(api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":\"http://u:p@127.0.0.1:" + proxyPort + "\"}").status())
                .isEqualTo(200);

        try {
            client.messages().create(message());
        } finally {
            if (refusing != null) {
                refusing.close();
            }
        }

        JsonNode row = onlyLoggedRequest();
        assertThat(row.get("accountUsed").asText()).isEqualTo("work");
        assertThat(row.get("failoverAttempts").asInt()).isEqualTo(1);
        assertThat(row.get("accountsTried").toString()).contains("blocked", "work");
        assertThat(fake.received()).hasSize(1);
    }
}
