package io.betterccflare.api;

import static io.betterccflare.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.accounts.Secrets;
import io.betterccflare.app.App;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/accounts} through the real server, run on SQLite and PostgreSQL by the subclasses.
 */
abstract class AccountApiContract {
    static final long NOW = 1_760_000_000_000L;
    private static final String ZAI_KEY = "zai-key-0123456789abcdef";

    @TempDir
    Path tempDir;

    private App app;
    ApiClient api;

    /** The environment of the database under test. */
    protected abstract TestEnv env(Path tempDir);

    @BeforeEach
    void start() {
        app = App.open(env(tempDir).config(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        api = new ApiClient(app.serve().port());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static void assertReply(ApiClient.Reply reply, int status, String body) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json()).isEqualTo(json(body));
    }

    private String addZai(String name, int priority) {
        ApiClient.Reply reply = api.post("/api/accounts/zai",
                "{\"name\":\"" + name + "\",\"apiKey\":\"" + ZAI_KEY + "\",\"priority\":" + priority + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("account").path("id").asText();
    }

    private String addMax(String name) {
        ApiClient.Reply reply = api.post("/api/accounts",
                "{\"name\":\"" + name + "\",\"accessToken\":\"sk-ant-oat01-access-secret\",\"refreshToken\":\"sk-ant-ort01-refresh-secret\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("accountId").asText();
    }

    private JsonNode listed(String id) {
        for (JsonNode account : api.get("/api/accounts").json()) {
            if (account.path("id").asText().equals(id)) {
                return account;
            }
        }
        throw new AssertionError("account " + id + " not listed");
    }

    @Test
    void an_empty_list_is_an_empty_array() {
        assertReply(api.get("/api/accounts"), 200, "[]");
    }

    @Test
    void zai_add_answers_the_reference_shape_and_the_list_shows_every_field_without_secrets() {
        ApiClient.Reply added = api.post("/api/accounts/zai", "{\"name\":\"glm\",\"apiKey\":\"" + ZAI_KEY + "\",\"priority\":3}");
        String id = added.json().path("account").path("id").asText();
        String expectedView = """
                {"id":"%s","name":"glm","provider":"zai","mode":"zai","requestCount":0,"totalRequests":0,"lastUsed":null,
                 "created":"2025-10-09T08:53:20Z","tier":1,"paused":false,"priority":3,"tokenStatus":"valid",
                 "tokenExpiresAt":"2026-10-09T08:53:20Z","rateLimitStatus":"OK","rateLimitReset":null,"rateLimitRemaining":null,
                 "rateLimitedUntil":null,"rateLimitedReason":null,"rateLimitedWindow":null,"modelLockouts":[],
                 "sessionInfo":"%s","autoFallbackEnabled":false,"autoRefreshEnabled":false,"customEndpoint":null,
                 "requiresReauth":false,"maskedKey":"%s","usageUtilization":null,"usageWindow":null,"usageData":null,
                 "proxyUrl":null}""";

        assertReply(added, 200, "{\"message\":\"z.ai account 'glm' added successfully\",\"account\":"
                + expectedView.formatted(id, "No active session", Secrets.mask(ZAI_KEY)) + "}");
        ApiClient.Reply list = api.get("/api/accounts");
        assertReply(list, 200, "[" + expectedView.formatted(id, "-", Secrets.mask(ZAI_KEY)) + "]");
        assertThat(list.body()).doesNotContain(ZAI_KEY);
    }

    @Test
    void token_add_creates_a_subscription_account_and_never_shows_its_tokens() {
        ApiClient.Reply added = api.post("/api/accounts", """
                {"name":" max one ","accessToken":"sk-ant-oat01-access-secret","refreshToken":"sk-ant-ort01-refresh-secret",
                 "provider":"anthropic","tier":5,"priority":2}""");

        String id = added.json().path("accountId").asText();
        assertReply(added, 200, """
                {"success":true,"message":"Account max one added successfully","tier":5,"priority":2,"accountId":"%s"}""".formatted(id));
        JsonNode view = listed(id);
        assertThat(view.path("mode").asText()).isEqualTo("max");
        assertThat(view.path("provider").asText()).isEqualTo("anthropic");
        assertThat(view.path("tokenStatus").asText()).isEqualTo("expired");
        assertThat(view.path("tokenExpiresAt").isNull()).isTrue();
        assertThat(api.get("/api/accounts").body()).doesNotContain("access-secret").doesNotContain("refresh-secret");
    }

    @Test
    void list_shows_rate_limit_session_and_usage_state_from_the_row() {
        String id = addMax("sub");
        app.database().jdbi().useHandle(handle -> handle.createUpdate("""
                UPDATE accounts SET rate_limit_status = 'rate_limited', rate_limit_reset = :reset, rate_limit_remaining = 0,
                    session_start = :session, session_request_count = 3, request_count = 4, total_requests = 9,
                    expires_at = :expires, usage_data = :usage WHERE id = :id""")
                .bind("reset", NOW + 4 * 60_000 + 1)
                .bind("session", NOW - 3_600_000)
                .bind("expires", NOW + 3_600_000)
                .bind("usage", """
                        {"five_hour":{"utilization":42.5,"resets_at":"2025-10-09T12:00:00Z"},
                         "seven_day":{"utilization":71.0,"resets_at":null},"seven_day_opus":null}""")
                .bind("id", id).execute());

        JsonNode view = listed(id);

        assertThat(view.path("rateLimitStatus").asText()).isEqualTo("rate_limited (5m)");
        assertThat(view.path("rateLimitReset").asText()).isEqualTo(Instant.ofEpochMilli(NOW + 4 * 60_000 + 1).toString());
        assertThat(view.path("rateLimitRemaining").asInt()).isZero();
        assertThat(view.path("sessionInfo").asText()).isEqualTo("Active: 3 reqs");
        assertThat(view.path("requestCount").asInt()).isEqualTo(4);
        assertThat(view.path("totalRequests").asInt()).isEqualTo(9);
        assertThat(view.path("tokenStatus").asText()).isEqualTo("valid");
        assertThat(view.path("usageUtilization").asDouble()).isEqualTo(71.0);
        assertThat(view.path("usageWindow").asText()).isEqualTo("seven_day");
        assertThat(view.path("usageData")).isEqualTo(json("""
                {"five_hour":{"utilization":42.5,"resets_at":"2025-10-09T12:00:00Z"},"seven_day":{"utilization":71.0,"resets_at":null},
                 "seven_day_oauth_apps":null,"seven_day_opus":null}"""));
    }

    @Test
    void our_own_lockout_shows_as_rate_limited_with_minutes_left() {
        String id = addMax("locked");
        app.database().jdbi().useHandle(handle -> handle.createUpdate(
                "UPDATE accounts SET rate_limited_until = :until WHERE id = :id").bind("until", NOW + 90_000).bind("id", id).execute());

        assertThat(listed(id).path("rateLimitStatus").asText()).isEqualTo("Rate limited (2m)");
    }

    @Test
    void anthropic_compatible_add_takes_endpoint_or_custom_endpoint() {
        ApiClient.Reply added = api.post("/api/accounts/anthropic-compatible",
                "{\"name\":\"other\",\"apiKey\":\"compat-key-0123456789\",\"endpoint\":\"https://llm.example.test/anthropic/\",\"tier\":20}");
        ApiClient.Reply second = api.post("/api/accounts/anthropic-compatible",
                "{\"name\":\"third\",\"apiKey\":\"compat-key-0123456789\",\"customEndpoint\":\"http://127.0.0.1:9/x\"}");

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("message").asText()).isEqualTo("Anthropic-compatible account 'other' added successfully");
        assertThat(added.json().path("account").path("customEndpoint").asText()).isEqualTo("https://llm.example.test/anthropic");
        assertThat(added.json().path("account").path("provider").asText()).isEqualTo("anthropic-compatible");
        assertThat(added.json().path("account").path("tier").asInt()).isEqualTo(20);
        assertThat(second.json().path("account").path("customEndpoint").asText()).isEqualTo("http://127.0.0.1:9/x");
    }

    @Test
    void console_api_key_add_masks_the_key() {
        ApiClient.Reply added = api.post("/api/accounts/console",
                "{\"name\":\"work\",\"apiKey\":\"sk-ant-api03-console-secret-0123456789\",\"priority\":4}");

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("message").asText()).isEqualTo("Console account 'work' added successfully");
        assertThat(added.json().path("account").path("provider").asText()).isEqualTo("anthropic");
        assertThat(added.json().path("account").path("priority").asInt()).isEqualTo(4);
        assertThat(added.body()).doesNotContain("sk-ant-api03-console-secret-0123456789");
        assertThat(api.get("/api/accounts").body()).doesNotContain("sk-ant-api03-console-secret-0123456789");
    }

    @Test
    void bad_add_requests_get_400_with_the_reason_and_store_nothing() {
        addZai("glm", 0);
        assertReply(api.post("/api/accounts", "{}"), 400, "{\"error\":\"name is required\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"bad/name\",\"accessToken\":\"a\",\"refreshToken\":\"r\"}"), 400,
                "{\"error\":\"name has an invalid format: use letters, digits, spaces and - _ @ . + only\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"refreshToken\":\"r\"}"), 400, "{\"error\":\"accessToken is required\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\"}"), 400, "{\"error\":\"refreshToken is required\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\",\"refreshToken\":\"r\",\"tier\":3}"), 400,
                "{\"error\":\"tier must be one of: 1, 5, 20\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\",\"refreshToken\":\"r\",\"priority\":\"high\"}"), 400,
                "{\"error\":\"priority must be an integer\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\",\"refreshToken\":\"r\",\"priority\":101}"), 400,
                "{\"error\":\"priority must be an integer between 0 and 100\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\",\"refreshToken\":\"r\",\"provider\":\"zai\"}"), 400,
                "{\"error\":\"provider must be one of: anthropic\"}");
        assertReply(api.post("/api/accounts", "{\"name\":\"x\",\"accessToken\":\"a\",\"refreshToken\":\"r\",\"customEndpoint\":\"ftp://h\"}"), 400,
                "{\"error\":\"endpoint must be an absolute http:// or https:// URL\"}");
        assertReply(api.post("/api/accounts", "{\"name\":42}"), 400, "{\"error\":\"name must be a string\"}");
        assertReply(api.post("/api/accounts", "{not json"), 400, "{\"error\":\"Request body is not valid JSON\"}");
        assertReply(api.post("/api/accounts", "[1]"), 400, "{\"error\":\"Request body must be a JSON object\"}");
        assertReply(api.post("/api/accounts/zai", "{\"name\":\"z\"}"), 400, "{\"error\":\"apiKey is required\"}");
        assertReply(api.post("/api/accounts/zai", "{\"name\":\"glm\",\"apiKey\":\"k\"}"), 400,
                "{\"error\":\"Account with name 'glm' already exists\"}");
        assertReply(api.post("/api/accounts/anthropic-compatible", "{\"name\":\"c\",\"apiKey\":\"k\"}"), 400,
                "{\"error\":\"endpoint is required for anthropic-compatible accounts (the base URL of the API)\"}");

        assertThat(api.get("/api/accounts").json()).hasSize(1);
    }

    @Test
    void delete_takes_an_id_or_a_url_encoded_name_and_wants_the_confirmation() {
        String spaced = addZai("team account", 0);
        String other = addZai("other", 0);
        String encoded = URLEncoder.encode("team account", StandardCharsets.UTF_8).replace("+", "%20");

        assertReply(api.delete("/api/accounts/" + encoded, "{\"confirm\":\"wrong\"}"), 400,
                "{\"error\":\"Confirmation string does not match account name\",\"details\":{\"confirmationRequired\":true}}");
        assertReply(api.delete("/api/accounts/" + encoded, null), 400,
                "{\"error\":\"Confirmation string does not match account name\",\"details\":{\"confirmationRequired\":true}}");
        assertReply(api.delete("/api/accounts/nobody", "{\"confirm\":\"nobody\"}"), 404, "{\"error\":\"Account 'nobody' not found\"}");
        assertReply(api.delete("/api/accounts/" + encoded, "{\"confirm\":\"team account\"}"), 200,
                "{\"success\":true,\"message\":\"Account 'team account' removed successfully\"}");
        assertReply(api.delete("/api/accounts/" + other, "{\"confirm\":\"other\"}"), 200,
                "{\"success\":true,\"message\":\"Account 'other' removed successfully\"}");

        assertReply(api.get("/api/accounts"), 200, "[]");
        assertThat(spaced).isNotEqualTo(other);
    }

    @Test
    void pause_and_resume_change_the_account_and_refuse_a_repeat() {
        String id = addZai("glm", 0);

        assertReply(api.post("/api/accounts/" + id + "/pause"), 200, "{\"success\":true,\"message\":\"Account 'glm' paused successfully\"}");
        assertThat(listed(id).path("paused").asBoolean()).isTrue();
        assertReply(api.post("/api/accounts/" + id + "/pause"), 400, "{\"error\":\"Account 'glm' is already paused\"}");
        assertReply(api.post("/api/accounts/" + id + "/resume"), 200, "{\"success\":true,\"message\":\"Account 'glm' resumed successfully\"}");
        assertThat(listed(id).path("paused").asBoolean()).isFalse();
        assertReply(api.post("/api/accounts/" + id + "/resume"), 400, "{\"error\":\"Account 'glm' is already resumed\"}");
    }

    @Test
    void rename_priority_and_tier_validate_and_apply() {
        String id = addZai("glm", 0);
        addZai("taken", 0);

        assertReply(api.post("/api/accounts/" + id + "/rename", "{\"name\":\" glm-2 \"}"), 200,
                "{\"success\":true,\"message\":\"Account renamed from 'glm' to 'glm-2'\",\"newName\":\"glm-2\"}");
        assertReply(api.post("/api/accounts/" + id + "/rename", "{\"name\":\"taken\"}"), 400,
                "{\"error\":\"Account name 'taken' is already taken\"}");
        assertReply(api.post("/api/accounts/" + id + "/rename", "{}"), 400, "{\"error\":\"name is required\"}");
        assertReply(api.post("/api/accounts/" + id + "/priority", "{\"priority\":7}"), 200, "{\"success\":true,\"priority\":7}");
        assertReply(api.post("/api/accounts/" + id + "/priority", "{\"priority\":-1}"), 400,
                "{\"error\":\"priority must be an integer between 0 and 100\"}");
        assertReply(api.post("/api/accounts/" + id + "/priority", "{\"priority\":1.5}"), 400, "{\"error\":\"priority must be an integer\"}");
        assertReply(api.post("/api/accounts/" + id + "/priority", "{}"), 400, "{\"error\":\"priority is required\"}");
        assertReply(api.post("/api/accounts/" + id + "/tier", "{\"tier\":20}"), 200, "{\"success\":true,\"tier\":20}");
        assertReply(api.post("/api/accounts/" + id + "/tier", "{\"tier\":3}"), 400, "{\"error\":\"tier must be one of: 1, 5, 20\"}");

        JsonNode view = listed(id);
        assertThat(view.path("name").asText()).isEqualTo("glm-2");
        assertThat(view.path("priority").asInt()).isEqualTo(7);
        assertThat(view.path("tier").asInt()).isEqualTo(20);
    }

    @Test
    void auto_fallback_and_auto_refresh_are_for_anthropic_accounts_only() {
        String zai = addZai("glm", 0);
        String max = addMax("sub");

        assertReply(api.post("/api/accounts/" + max + "/auto-fallback", "{\"enabled\":1}"), 200,
                "{\"success\":true,\"message\":\"Auto-fallback enabled for account 'sub'\",\"autoFallbackEnabled\":true}");
        assertReply(api.post("/api/accounts/" + max + "/auto-refresh", "{\"enabled\":\"1\"}"), 200,
                "{\"success\":true,\"message\":\"Auto-refresh enabled for account 'sub'\",\"autoRefreshEnabled\":true}");
        assertThat(listed(max).path("autoFallbackEnabled").asBoolean()).isTrue();
        assertThat(listed(max).path("autoRefreshEnabled").asBoolean()).isTrue();
        assertReply(api.post("/api/accounts/" + max + "/auto-refresh", "{\"enabled\":0}"), 200,
                "{\"success\":true,\"message\":\"Auto-refresh disabled for account 'sub'\",\"autoRefreshEnabled\":false}");
        assertThat(listed(max).path("autoRefreshEnabled").asBoolean()).isFalse();

        assertReply(api.post("/api/accounts/" + zai + "/auto-fallback", "{\"enabled\":1}"), 400,
                "{\"error\":\"Auto-fallback is only available for Anthropic accounts\"}");
        assertReply(api.post("/api/accounts/" + zai + "/auto-refresh", "{\"enabled\":1}"), 400,
                "{\"error\":\"Auto-refresh is only available for Anthropic accounts\"}");
        assertReply(api.post("/api/accounts/" + max + "/auto-fallback", "{\"enabled\":\"yes\"}"), 400,
                "{\"error\":\"enabled must be one of: 0, 1\"}");
        assertReply(api.post("/api/accounts/" + max + "/auto-fallback", "{}"), 400, "{\"error\":\"enabled is required\"}");
    }

    /** Issue 10: CR, LF, NUL, tab and DEL in anything that ends up in a header or URL are a 400 at every add and edit. */
    @Test
    void control_characters_are_refused_in_names_keys_tokens_and_endpoints() {
        String id = addZai("glm", 0);
        String controlled = "must not contain control characters (line breaks, tabs, NUL)";
        for (String bad : new String[] {"\\r\\n", "\\n", "\\u0000", "\\t", "\\u007f", "\\u001b"}) {
            assertReply(api.post("/api/accounts/console", "{\"name\":\"c\",\"apiKey\":\"sk-ant-api03-a" + bad + "x-injected: 1\"}"),
                    400, "{\"error\":\"apiKey " + controlled + "\"}");
            assertReply(api.post("/api/accounts/zai", "{\"name\":\"z" + bad + "z\",\"apiKey\":\"k\"}"),
                    400, "{\"error\":\"name " + controlled + "\"}");
            assertReply(api.post("/api/accounts", "{\"name\":\"m\",\"accessToken\":\"a" + bad + "\",\"refreshToken\":\"r\"}"),
                    400, "{\"error\":\"accessToken " + controlled + "\"}");
            assertReply(api.post("/api/accounts", "{\"name\":\"m\",\"accessToken\":\"a\",\"refreshToken\":\"" + bad + "r\"}"),
                    400, "{\"error\":\"refreshToken " + controlled + "\"}");
            assertReply(api.post("/api/accounts/anthropic-compatible",
                    "{\"name\":\"c\",\"apiKey\":\"k\",\"endpoint\":\"https://h.example/" + bad + "x\"}"),
                    400, "{\"error\":\"endpoint " + controlled + "\"}");
            assertReply(api.post("/api/accounts/" + id + "/rename", "{\"name\":\"new" + bad + "\"}"),
                    400, "{\"error\":\"name " + controlled + "\"}");
            assertReply(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\":\"https://h.example" + bad + "\"}"),
                    400, "{\"error\":\"endpoint " + controlled + "\"}");
            assertReply(api.post("/api/oauth/init", "{\"name\":\"o" + bad + "\"}"),
                    400, "{\"error\":\"name " + controlled + "\"}");
            assertReply(api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":\"http://p.example:3128" + bad + "\"}"),
                    400, "{\"error\":\"proxyUrl " + controlled + "\"}");
            assertReply(api.post("/api/accounts/zai", "{\"name\":\"p\",\"apiKey\":\"k\",\"proxyUrl\":\"http://u:p" + bad + "@h:1\"}"),
                    400, "{\"error\":\"proxyUrl " + controlled + "\"}");
        }
        assertReply(api.post("/api/accounts/glm%0Ax/pause"), 404, "{\"error\":\"Account 'glm?x' not found\"}");
        assertThat(api.get("/api/accounts").json()).hasSize(1);
        assertThat(listed(id).path("name").asText()).isEqualTo("glm");
        assertThat(listed(id).path("customEndpoint").isNull()).isTrue();
    }

    @Test
    void custom_endpoint_is_set_normalised_and_cleared() {
        String id = addZai("glm", 0);

        assertReply(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\":\" https://glm.example.test/api/ \"}"), 200,
                "{\"success\":true,\"message\":\"Custom endpoint updated successfully\"}");
        assertThat(listed(id).path("customEndpoint").asText()).isEqualTo("https://glm.example.test/api");
        assertReply(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\":\"not a url\"}"), 400,
                "{\"error\":\"endpoint must be an absolute http:// or https:// URL\"}");
        assertReply(api.post("/api/accounts/" + id + "/custom-endpoint", "{}"), 400,
                "{\"error\":\"customEndpoint is required (send null or \\\"\\\" to clear it)\"}");
        assertReply(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\":\"\"}"), 200,
                "{\"success\":true,\"message\":\"Custom endpoint updated successfully\"}");
        assertThat(listed(id).path("customEndpoint").isNull()).isTrue();
    }

    /** Issue 10 part 8: an account's own proxy is set, shown masked, refused when it is not an http(s) proxy URL, and cleared. */
    @Test
    void proxy_url_is_set_masked_validated_and_cleared() {
        String id = addZai("glm", 0);
        String updated = "{\"success\":true,\"message\":\"Proxy URL updated successfully\",\"proxyUrl\":%s}";

        assertReply(api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":\" HTTP://corp:s3cret@proxy.corp.example:3128/ \"}"),
                200, updated.formatted("\"http://****@proxy.corp.example:3128\""));
        assertThat(listed(id).path("proxyUrl").asText()).isEqualTo("http://****@proxy.corp.example:3128");
        assertThat(api.get("/api/accounts").body()).doesNotContain("s3cret").doesNotContain("corp:");
        assertReply(api.post("/api/accounts/glm/proxy", "{\"proxyUrl\":\"https://regional.example\"}"),
                200, updated.formatted("\"https://regional.example:443\""));
        String[][] refused = {
            {"socks5://127.0.0.1:1080", "proxyUrl must be an http:// or https:// URL (SOCKS proxies are not supported)"},
            {"proxy.corp:3128", "proxyUrl must be an http:// or https:// URL (SOCKS proxies are not supported)"},
            {"http://proxy.corp:3128/path", "proxyUrl must not have a path, query or fragment (expected http://[user:password@]host:port)"},
            {"http://:3128", "proxyUrl needs a host (expected http://[user:password@]host:port)"},
            {"http://pro xy:1", "proxyUrl is not a valid URL (expected http://[user:password@]host:port)"}};
        for (String[] bad : refused) {
            assertReply(api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":\"" + bad[0] + "\"}"), 400,
                    "{\"error\":\"" + bad[1] + "\"}");
        }
        assertReply(api.post("/api/accounts/" + id + "/proxy", "{}"), 400,
                "{\"error\":\"proxyUrl is required (send null or \\\"\\\" to clear it)\"}");
        assertThat(listed(id).path("proxyUrl").asText()).isEqualTo("https://regional.example:443");
        assertReply(api.post("/api/accounts/" + id + "/proxy", "{\"proxyUrl\":\"\"}"), 200, updated.formatted("null"));
        assertThat(listed(id).path("proxyUrl").isNull()).isTrue();

        ApiClient.Reply added = api.post("/api/accounts/console",
                "{\"name\":\"egress\",\"apiKey\":\"sk-ant-api03-egress-0123\",\"proxyUrl\":\"http://u:pw@10.0.0.1:8080\"}");
        assertThat(added.json().path("account").path("proxyUrl").asText()).isEqualTo("http://****@10.0.0.1:8080");
        assertReply(api.post("/api/accounts/console", "{\"name\":\"refused\",\"apiKey\":\"k\",\"proxyUrl\":\"ftp://h:1\"}"), 400,
                "{\"error\":\"proxyUrl must be an http:// or https:// URL (SOCKS proxies are not supported)\"}");
        assertThat(api.get("/api/accounts").json()).hasSize(2);
        // The proxy goes with its account.
        assertThat(api.delete("/api/accounts/egress", "{\"confirm\":\"egress\"}").status()).isEqualTo(200);
        assertThat(api.get("/api/accounts").json()).hasSize(1);
    }

    @Test
    void every_action_on_an_unknown_account_is_404() {
        String notFound = "{\"error\":\"Account 'ghost' not found\"}";
        assertReply(api.post("/api/accounts/ghost/pause"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/resume"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/rename", "{\"name\":\"x\"}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/priority", "{\"priority\":1}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/tier", "{\"tier\":5}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/auto-fallback", "{\"enabled\":1}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/auto-refresh", "{\"enabled\":1}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/custom-endpoint", "{\"customEndpoint\":null}"), 404, notFound);
        assertReply(api.post("/api/accounts/ghost/proxy", "{\"proxyUrl\":null}"), 404, notFound);
    }

    @Test
    void accounts_are_listed_preferred_first() {
        addZai("low", 50);
        addZai("high", 1);

        JsonNode list = api.get("/api/accounts").json();
        assertThat(list.get(0).path("name").asText()).isEqualTo("high");
        assertThat(list.get(1).path("name").asText()).isEqualTo("low");
        assertThat(list.get(0)).isInstanceOf(ObjectNode.class);
    }
}
