package io.betterccflare.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the protections that are always on (no API key exists): DNS rebinding (a foreign {@code Host}), CSRF
 * (a foreign {@code Origin}, a {@code text/plain} body), CORS only for configured origins, and no framing.
 */
class AccessProtectionTest {
    @TempDir
    Path tempDir;

    private RunningApp app;

    private ApiClient start(TestEnv env) {
        app = RunningApp.start(env.config(), Clock.systemUTC());
        return new ApiClient(app.port());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private int port() {
        return app.port();
    }

    @Test
    void a_foreign_host_cannot_read_stored_conversations_or_use_the_proxy() {
        start(new TestEnv(tempDir));
        String api = RawHttp.send(port(), "GET /api/requests/detail?limit=1000 HTTP/1.1\r\nHost: evil.example:" + port(), null);
        assertThat(RawHttp.status(api)).isEqualTo(403);
        assertThat(api).contains("{\"error\":\"Host 'evil.example' is not allowed: add it to BETTER_CCFLARE_ALLOWED_HOSTS");
        String proxy = RawHttp.send(port(), "POST /v1/messages HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json",
                "{\"model\":\"claude-sonnet-4-5\"}");
        assertThat(RawHttp.status(proxy)).isEqualTo(403);
        assertThat(proxy).contains("\"type\":\"error\"").contains("\"type\":\"permission_error\"");
        String dashboard = RawHttp.send(port(), "GET /dashboard HTTP/1.1\r\nHost: attacker.localhost.evil.example", null);
        assertThat(RawHttp.status(dashboard)).isEqualTo(403);
    }

    @Test
    void loopback_names_ip_literals_and_configured_hosts_are_served() {
        start(new TestEnv(tempDir).with("BETTER_CCFLARE_ALLOWED_HOSTS", "proxy.lan, .corp.example"));
        for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", "app.localhost", "10.1.2.3", "proxy.lan",
                "corp.example", "build.corp.example", "PROXY.LAN"}) {
            String response = RawHttp.send(port(), "GET /api/stats HTTP/1.1\r\nHost: " + host + ":" + port(), null);
            assertThat(RawHttp.status(response)).as(host).isEqualTo(200);
        }
        assertThat(RawHttp.status(RawHttp.send(port(), "GET /api/stats HTTP/1.1\r\nHost: evilcorp.example", null))).isEqualTo(403);
    }

    @Test
    void a_cross_origin_text_plain_post_changes_nothing() {
        ApiClient api = start(new TestEnv(tempDir));
        var account = app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                "sk-ant-api03-secret-0123456789", 1, 0, null));
        ApiClient page = api.withHeader("Origin", "http://evil.example");
        String steal = "{\"customEndpoint\": \"http://attacker.example\"}";
        ApiClient.Reply textPlain = page.send("POST", "/api/accounts/" + account.id() + "/custom-endpoint", "text/plain", steal);
        assertThat(textPlain.status()).isEqualTo(403);
        assertThat(textPlain.json().get("error").asText()).startsWith("Cross-origin request refused: origin http://evil.example");
        assertThat(page.send("POST", "/api/accounts/" + account.id() + "/custom-endpoint", "application/json", steal).status())
                .isEqualTo(403);
        assertThat(page.send("POST", "/api/stats/reset", null, null).status()).isEqualTo(403);
        assertThat(page.send("POST", "/api/accounts", "text/plain", "{\"name\":\"x\",\"apiKey\":\"k\",\"mode\":\"zai\"}").status())
                .isEqualTo(403);
        assertThat(page.send("POST", "/v1/messages", "text/plain", "{}").json().get("error").get("type").asText())
                .isEqualTo("permission_error");
        assertThat(page.send("POST", "/api/stats/reset", null, null).header("access-control-allow-origin")).isNull();
        assertThat(app.app().accounts().find("work").customEndpoint()).isNull();
    }

    @Test
    void state_changing_api_calls_take_only_json_bodies_and_same_origin_or_no_origin() {
        ApiClient api = start(new TestEnv(tempDir));
        var account = app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                "sk-ant-api03-secret-0123456789", 1, 0, null));
        String path = "/api/accounts/" + account.id() + "/custom-endpoint";
        String body = "{\"customEndpoint\": \"http://127.0.0.1:9/\"}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            ApiClient.Reply reply = api.send("POST", path, type, body);
            assertThat(reply.status()).as(type).isEqualTo(415);
            assertThat(reply.body()).isEqualTo("{\"error\":\"Content-Type must be application/json\"}");
        }
        assertThat(api.send("POST", path, null, body).status()).isEqualTo(415);
        assertThat(api.withHeader("Origin", "http://127.0.0.1:" + port()).send("POST", path, "application/json; charset=utf-8", body)
                .status()).isEqualTo(200);
        assertThat(api.withHeader("Origin", "null").send("POST", "/api/stats/reset", null, null).status()).isEqualTo(403);
        assertThat(api.post("/api/stats/reset").status()).isEqualTo(200);
    }

    @Test
    void cors_headers_only_for_configured_origins() {
        ApiClient api = start(new TestEnv(tempDir).with("BETTER_CCFLARE_CORS_ORIGINS", "https://tools.example:8443"));
        assertThat(api.withHeader("Origin", "http://evil.example").get("/api/stats").header("access-control-allow-origin")).isNull();
        ApiClient tools = api.withHeader("Origin", "https://tools.example:8443");
        assertThat(tools.get("/api/stats").header("access-control-allow-origin")).isEqualTo("https://tools.example:8443");
        ApiClient.Reply preflight = tools.withHeader("Access-Control-Request-Method", "POST")
                .withHeader("Access-Control-Request-Headers", "content-type").send("OPTIONS", "/api/stats/reset", null, null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-methods")).contains("POST");
        assertThat(preflight.header("access-control-allow-headers")).isEqualTo("content-type");
        assertThat(tools.send("POST", "/api/stats/reset", null, null).status()).isEqualTo(200);
        ApiClient.Reply refused = api.withHeader("Origin", "http://evil.example").withHeader("Access-Control-Request-Method", "POST")
                .send("OPTIONS", "/api/stats/reset", null, null);
        assertThat(refused.header("access-control-allow-origin")).isNull();
        assertThat(refused.header("access-control-allow-methods")).isNull();
    }

    @Test
    void the_dashboard_forbids_framing_and_inline_scripts() {
        ApiClient api = start(new TestEnv(tempDir));
        for (String path : new String[] {"/", "/dashboard", "/accounts", "/api/stats", "/login"}) {
            ApiClient.Reply reply = api.get(path);
            assertThat(reply.header("x-frame-options")).as(path).isEqualTo("DENY");
            assertThat(reply.header("content-security-policy")).as(path).contains("frame-ancestors 'none'");
        }
        String csp = api.get("/dashboard").header("content-security-policy");
        assertThat(csp).contains("script-src 'self' 'sha256-").doesNotContain("'unsafe-inline' 'sha256").contains("object-src 'none'");
        assertThat(csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")))).doesNotContain("unsafe");
    }
}
