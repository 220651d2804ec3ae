package io.betterccflare.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 through the real server, the fake upstream and the official SDK: API keys by the REST API, roles,
 * attribution of request rows, and every per-key limit (also across two instances on one database). Run on SQLite
 * and PostgreSQL by the subclasses.
 */
abstract class ApiKeysContract {
    private static final String MODEL = "claude-sonnet-4-5-20250929";
    private static final String ACCOUNT_KEY = "sk-ant-api03-account-secret-0123456789";
    private static final String MESSAGE = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path tempDir;

    private FakeAnthropic fake;
    private TestEnv env;
    private RunningApp app;
    private RunningApp second;
    private ApiClient anonymous;
    private ApiClient admin;
    private String adminKey;

    protected abstract TestEnv database(TestEnv env);

    @BeforeEach
    void start() {
        fake = FakeAnthropic.start();
        env = database(new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()));
        app = RunningApp.start(env.config(), Clock.systemUTC());
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE, ACCOUNT_KEY, 1, 0, null));
        anonymous = new ApiClient(app.port());
        ApiClient.Reply created = anonymous.post("/api/api-keys", "{\"name\":\"root\"}");
        assertThat(created.status()).isEqualTo(201);
        adminKey = created.json().get("data").get("apiKey").asText();
        admin = anonymous.withHeader("x-api-key", adminKey);
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    private String generate(String body) {
        ApiClient.Reply reply = admin.post("/api/api-keys", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("data").get("apiKey").asText();
    }

    private static JsonNode error(ApiClient.Reply reply) {
        return reply.json().get("error");
    }

    @Test
    void generated_keys_are_random_shown_once_and_listed_without_secrets() {
        assertThat(adminKey).startsWith("btr-").hasSizeGreaterThan(40);
        String other = generate("{\"name\":\"ci\",\"role\":\"api-only\",\"allowedModels\":[\"claude-sonnet-*\"],\"maxConcurrent\":2,"
                + "\"rpm\":30,\"tokensPer5h\":1000,\"tokensPerDay\":5000,\"expiresAt\":\"2027-01-31\"}");
        assertThat(other).isNotEqualTo(adminKey);
        ApiClient.Reply list = admin.get("/api/api-keys");
        assertThat(list.body()).doesNotContain(adminKey).doesNotContain(other).doesNotContain(ApiKeys.hash(other));
        assertThat(list.json().get("count").asInt()).isEqualTo(2);
        JsonNode ci = list.json().get("data").get(1);
        assertThat(ci.get("name").asText()).isEqualTo("ci");
        assertThat(ci.get("role").asText()).isEqualTo("api-only");
        assertThat(ci.get("prefixLast8").asText()).isEqualTo(other.substring(other.length() - 8));
        assertThat(ci.get("allowedModels").get(0).asText()).isEqualTo("claude-sonnet-*");
        assertThat(ci.get("maxConcurrent").asInt()).isEqualTo(2);
        assertThat(ci.get("rpm").asInt()).isEqualTo(30);
        assertThat(ci.get("tokensPer5h").asLong()).isEqualTo(1000);
        assertThat(ci.get("tokensPerDay").asLong()).isEqualTo(5000);
        assertThat(ci.get("expiresAt").asText()).isEqualTo("2027-02-01T00:00:00Z");
        ApiClient.Reply patched = admin.patch("/api/api-keys/ci", "{\"rpm\":null,\"maxConcurrent\":5,\"role\":\"admin\"}");
        assertThat(patched.json().get("data").get("rpm").isNull()).isTrue();
        assertThat(patched.json().get("data").get("maxConcurrent").asInt()).isEqualTo(5);
        assertThat(patched.json().get("data").get("role").asText()).isEqualTo("admin");
        assertThat(admin.patch("/api/api-keys/ci", "{\"rpm\":0}").body()).isEqualTo("{\"error\":\"rpm must be a positive integer\"}");
        assertThat(admin.patch("/api/api-keys/ci", "{\"role\":\"owner\"}").body())
                .isEqualTo("{\"error\":\"Invalid role 'owner': use admin or api-only\"}");
        assertThat(admin.patch("/api/api-keys/nobody", "{}").status()).isEqualTo(404);
        assertThat(admin.post("/api/api-keys", "{\"name\":\"ci\"}").body()).isEqualTo("{\"error\":\"An API key named 'ci' already exists\"}");
        assertThat(admin.post("/api/api-keys", "{}").body()).isEqualTo("{\"error\":\"name is required\"}");
    }

    @Test
    void once_a_key_exists_the_api_and_dashboard_need_an_admin_key_and_health_says_only_liveness() {
        String apiOnly = generate("{\"name\":\"ci\",\"role\":\"api-only\"}");
        ApiClient.Reply missing = anonymous.get("/api/accounts");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body()).isEqualTo("{\"error\":\"An admin API key is required: send it as x-api-key or"
                + " Authorization: Bearer, or log in at /login\"}");
        assertThat(anonymous.withHeader("x-api-key", "btr-wrong").get("/api/accounts").body()).isEqualTo("{\"error\":\"Invalid API key\"}");
        ApiClient.Reply limited = anonymous.withHeader("Authorization", "Bearer " + apiOnly).get("/api/requests");
        assertThat(limited.status()).isEqualTo(403);
        assertThat(limited.body()).contains("has the api-only role");
        assertThat(anonymous.withHeader("Authorization", "Bearer " + adminKey).get("/api/accounts").status()).isEqualTo(200);
        assertThat(anonymous.get("/dashboard").status()).isEqualTo(302);
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
        assertThat(admin.get("/dashboard").status()).isEqualTo(200);
        JsonNode health = anonymous.get("/health").json();
        assertThat(health.has("status")).isTrue();
        assertThat(health.has("accounts")).isFalse();
        assertThat(health.has("strategy")).isFalse();
    }

    @Test
    void the_last_admin_key_can_be_neither_revoked_nor_demoted_while_other_keys_exist() {
        generate("{\"name\":\"ci\",\"role\":\"api-only\"}");
        assertThat(admin.delete("/api/api-keys/root", null).body()).isEqualTo("{\"error\":\"Cannot revoke 'root': it is the"
                + " last admin key (generate another admin key first, or revoke the api-only keys)\"}");
        assertThat(admin.patch("/api/api-keys/root", "{\"role\":\"api-only\"}").body())
                .isEqualTo("{\"error\":\"Cannot change the role of 'root': it is the last admin key\"}");
        assertThat(admin.delete("/api/api-keys/ci", null).status()).isEqualTo(200);
        assertThat(admin.get("/api/api-keys").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void repeated_wrong_keys_from_one_address_are_slowed_down() {
        ApiClient guesser = anonymous.withHeader("x-api-key", "btr-guess");
        for (int i = 0; i < FailureThrottle.MAX_FAILURES; i++) {
            assertThat(guesser.post("/v1/messages", MESSAGE).status()).isEqualTo(401);
        }
        ApiClient.Reply slowed = guesser.post("/v1/messages", MESSAGE);
        assertThat(slowed.status()).isEqualTo(429);
        assertThat(Long.parseLong(slowed.header("retry-after"))).isBetween(1L, 60L);
        assertThat(error(slowed).get("message").asText()).startsWith("Too many failed API key attempts from this address");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void the_sdk_works_with_a_key_as_x_api_key_and_as_bearer_and_the_key_never_reaches_the_upstream() {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\"}");
        MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(16).addUserMessage("hi").build();
        AnthropicClient byKey = AnthropicOkHttpClient.builder().baseUrl(app.uri("").toString()).apiKey(ci).maxRetries(0).build();
        AnthropicClient byBearer = AnthropicOkHttpClient.builder().baseUrl(app.uri("").toString()).authToken(adminKey)
                .maxRetries(0).build();
        try {
            Message first = byKey.messages().create(params);
            assertThat(first.content()).isNotEmpty();
            assertThat(fake.lastRequest().header("x-api-key")).isEqualTo(ACCOUNT_KEY);
            assertThat(fake.lastRequest().header("authorization")).isNull();
            byBearer.messages().create(params);
            assertThat(fake.lastRequest().header("x-api-key")).isEqualTo(ACCOUNT_KEY);
            assertThat(fake.lastRequest().header("authorization")).isNull();
        } finally {
            byKey.close();
            byBearer.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/requests").json().size() == 2);
        JsonNode rows = admin.get("/api/requests").json();
        assertThat(rows.get(0).get("apiKeyName").asText()).isEqualTo("root");
        assertThat(rows.get(1).get("apiKeyName").asText()).isEqualTo("ci");
        JsonNode onlyCi = admin.get("/api/requests?apiKey=ci").json();
        assertThat(onlyCi).hasSize(1);
        assertThat(onlyCi.get(0).get("apiKeyId").asText()).isEqualTo(admin.get("/api/api-keys").json().get("data").get(1).get("id").asText());
        assertThat(admin.get("/api/stats").json().get("byApiKey")).hasSize(2);
        JsonNode analytics = admin.get("/api/analytics?range=24h&apiKeys=ci").json();
        assertThat(analytics.get("totals").get("requests").asInt()).isEqualTo(1);
        assertThat(analytics.get("byApiKey").get(0).get("apiKeyName").asText()).isEqualTo("ci");
        assertThat(admin.get("/api/api-keys").json().get("data").get(1).get("usageCount").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/requests/detail").body()).doesNotContain(ci).doesNotContain(adminKey);
    }

    @Test
    void a_proxied_request_without_a_valid_key_gets_an_anthropic_401_and_nothing_goes_upstream() {
        ApiClient.Reply missing = anonymous.post("/v1/messages", MESSAGE);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + "\"An API key is required: send it as x-api-key or Authorization: Bearer\"}}");
        ApiClient.Reply wrong = anonymous.withHeader("Authorization", "Bearer btr-wrong").post("/v1/messages", MESSAGE);
        assertThat(error(wrong).get("message").asText()).isEqualTo("invalid x-api-key");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void an_expired_key_is_refused() {
        String old = generate("{\"name\":\"old\",\"role\":\"api-only\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        ApiClient.Reply reply = anonymous.withHeader("x-api-key", old).post("/v1/messages", MESSAGE);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(error(reply).get("message").asText()).isEqualTo("API key 'old' expired at 2020-01-01T00:00:00Z");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void only_admin_keys_may_pin_an_account() {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\"}");
        ApiClient.Reply pinned = anonymous.withHeader("x-api-key", ci).withHeader("x-better-ccflare-account-id", "work")
                .post("/v1/messages", MESSAGE);
        assertThat(pinned.status()).isEqualTo(403);
        assertThat(error(pinned).get("type").asText()).isEqualTo("permission_error");
        assertThat(admin.withHeader("x-better-ccflare-account-id", "work").post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void a_model_outside_the_allowlist_is_refused() {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\",\"allowedModels\":[\"claude-haiku-*\",\"claude-opus-4-1\"]}");
        ApiClient.Reply refused = anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(error(refused).get("message").asText()).isEqualTo("Model '" + MODEL
                + "' is not allowed for API key 'ci' (allowed: claude-haiku-*, claude-opus-4-1)");
        assertThat(anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE.replace(MODEL, "claude-haiku-4-5")).status())
                .isEqualTo(200);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void requests_per_minute_trip_with_retry_after_and_hold_across_two_instances() {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\",\"rpm\":2}");
        second = RunningApp.start(env.config(), Clock.systemUTC());
        assertThat(anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(new ApiClient(second.port()).withHeader("x-api-key", ci).post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        ApiClient.Reply third = anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                + "\"API key 'ci' reached its limit of 2 requests per minute\"}}");
        assertThat(Long.parseLong(third.header("retry-after"))).isBetween(1L, 60L);
        assertThat(new ApiClient(second.port()).withHeader("x-api-key", ci).post("/v1/messages", MESSAGE).status()).isEqualTo(429);
        assertThat(fake.received()).hasSize(2);
    }

    @Test
    void concurrent_requests_over_the_limit_are_refused_until_one_finishes() throws Exception {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\",\"maxConcurrent\":1}");
        CountDownLatch gate = new CountDownLatch(1);
        fake.enqueue(FakeResponse.message("slow").pausedAfterFirstDelta(gate));
        HttpRequest streaming = HttpRequest.newBuilder(app.uri("/v1/messages")).header("x-api-key", ci)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGE.replace("{\"model\"", "{\"stream\":true,\"model\""))).build();
        CompletableFuture<HttpResponse<InputStream>> first = anonymous.http().sendAsync(streaming, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> open = first.get();
        assertThat(open.statusCode()).isEqualTo(200);
        ApiClient.Reply refused = anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(error(refused).get("message").asText()).isEqualTo("API key 'ci' reached its limit of 1 concurrent requests");
        assertThat(refused.header("retry-after")).isEqualTo("1");
        gate.countDown();
        try (InputStream body = open.body()) {
            assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("message_stop");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE).status() == 200);
    }

    @Test
    void token_limits_trip_once_the_logged_usage_reaches_them() {
        String ci = generate("{\"name\":\"ci\",\"role\":\"api-only\",\"tokensPer5h\":10}");
        String daily = generate("{\"name\":\"daily\",\"role\":\"api-only\",\"tokensPerDay\":10}");
        assertThat(anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(anonymous.withHeader("x-api-key", daily).post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/requests").json().size() == 2);
        long used = admin.get("/api/requests?apiKey=ci").json().get(0).get("totalTokens").asLong();
        ApiClient.Reply fiveHours = anonymous.withHeader("x-api-key", ci).post("/v1/messages", MESSAGE);
        assertThat(fiveHours.status()).isEqualTo(429);
        assertThat(error(fiveHours).get("message").asText())
                .isEqualTo("API key 'ci' reached its limit of 10 tokens per 5 hours (" + used + " used)");
        assertThat(Long.parseLong(fiveHours.header("retry-after"))).isBetween(17_000L, 18_000L);
        ApiClient.Reply day = anonymous.withHeader("x-api-key", daily).post("/v1/messages", MESSAGE);
        assertThat(error(day).get("message").asText()).isEqualTo("API key 'daily' reached its limit of 10 tokens per day (" + used + " used)");
        assertThat(Long.parseLong(day.header("retry-after"))).isBetween(86_000L, 86_400L);
        assertThat(fake.received()).hasSize(2);
    }

    @Test
    void with_no_account_the_pass_through_never_forwards_our_key() {
        app.app().accounts().remove(app.app().accounts().find("work").id());
        assertThat(admin.post("/v1/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(fake.lastRequest().header("x-api-key")).isNull();
        assertThat(fake.lastRequest().header("authorization")).isNull();
    }
    /** The routes issues 11 to 14 added after the access work began are guarded like every other {@code /api} route. */
    @Test
    void every_api_route_added_since_needs_an_admin_key() {
        ApiClient apiOnly = anonymous.withHeader("x-api-key", generate("{\"name\":\"ci\",\"role\":\"api-only\"}"));
        for (String path : java.util.List.of("/api/storage", "/api/sessions/some-session/account", "/api/requests/page",
                "/api/requests?agent=reviewer", "/api/instances", "/api/agents", "/api/workspaces")) {
            ApiClient.Reply none = anonymous.get(path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(error(none).asText()).as(path).startsWith("An admin API key is required");
            assertThat(apiOnly.get(path).status()).as(path).isEqualTo(403);
            assertThat(admin.get(path).status()).as(path).isIn(200, 404);
        }
        ApiClient.Reply agentModel = anonymous.post("/api/agents/bulk-preference", "{\"agentIds\":[],\"model\":\"opus\"}");
        assertThat(agentModel.status()).isEqualTo(401);
    }

    /** Claude Code's own calls on its base URL (preconnect, telemetry) take the key it sends to /v1, of any role. */
    @Test
    void claude_codes_preconnect_and_telemetry_take_a_key_of_any_role() {
        ApiClient apiOnly = anonymous.withHeader("x-api-key", generate("{\"name\":\"ci\",\"role\":\"api-only\"}"));
        assertThat(anonymous.send("HEAD", "/api/hello", null, null).status()).isEqualTo(401);
        assertThat(apiOnly.send("HEAD", "/api/hello", null, null).status()).isEqualTo(200);
        assertThat(apiOnly.post("/api/event_logging/batch", "{\"events\":[]}").status()).isEqualTo(200);
        assertThat(anonymous.post("/api/event_logging/batch", "{\"events\":[]}").status()).isEqualTo(401);
    }

    /** /metrics: the metrics token or an admin key once keys exist; /health says only liveness to anyone else. */
    @Test
    void metrics_need_an_admin_key_or_the_token_and_health_tells_only_admins_more_than_liveness() {
        ApiClient apiOnly = anonymous.withHeader("x-api-key", generate("{\"name\":\"ci\",\"role\":\"api-only\"}"));
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        assertThat(apiOnly.get("/metrics").status()).isEqualTo(403);
        assertThat(admin.get("/metrics").status()).isEqualTo(200);
        second = RunningApp.start(env.with("BETTER_CCFLARE_METRICS_TOKEN", "scrape-token-0123456789").config(), Clock.systemUTC());
        ApiClient other = new ApiClient(second.port());
        assertThat(other.withHeader("Authorization", "Bearer scrape-token-0123456789").get("/metrics").status()).isEqualTo(200);
        assertThat(other.withHeader("x-api-key", adminKey).get("/metrics").status()).isEqualTo(200);
        assertThat(other.get("/metrics").status()).isEqualTo(401);

        JsonNode open = anonymous.get("/health").json();
        assertThat(open.properties().stream().map(java.util.Map.Entry::getKey).toList()).containsExactly("status", "timestamp");
        assertThat(anonymous.get("/health").body()).doesNotContain("work");
        assertThat(apiOnly.get("/health").json().has("accounts")).isFalse();
        assertThat(anonymous.send("HEAD", "/health", null, null).status()).isEqualTo(200);
        JsonNode full = admin.get("/health").json();
        assertThat(full.has("reasons")).isTrue();
        assertThat(full.get("accounts")).isNotNull();
    }

    /** This process's own admin secret (terminal UI, auto-refresh probes) passes the proxy and is never forwarded. */
    @Test
    void the_process_own_secret_reaches_the_proxy_and_stays_here() {
        ApiClient local = anonymous.withHeader("x-api-key", app.app().apiKeys().localAdminSecret());
        ApiClient.Reply reply = local.post("/v1/messages", MESSAGE);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(fake.lastRequest().header("x-api-key")).isEqualTo(ACCOUNT_KEY);
    }
}
