package io.betterccflare.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.app.App;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/oauth/init} and {@code /api/oauth/callback} on the real server (port 0) against a fake
 * OAuth server.
 */
class OAuthApiTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(NOW);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeOAuth oauth;
    private App app;
    private URI base;

    @BeforeEach
    void start() {
        oauth = new FakeOAuth();
        var config = new TestEnv(tempDir)
                .with("BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString())
                .with("BETTER_CCFLARE_ANTHROPIC_URL", oauth.uri().toString())
                .config();
        app = App.open(config, clock);
        base = URI.create("http://127.0.0.1:" + app.serve().port());
    }

    @AfterEach
    void stop() {
        app.close();
        client.shutdownNow();
        oauth.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode init(String body) throws Exception {
        HttpResponse<String> response = post("/api/oauth/init", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("success").asBoolean()).isTrue();
        assertThat(json.get("step").asText()).isEqualTo("authorize");
        return json;
    }

    private Account stored(String name) {
        try (Database database = Database.open(app.config().storage())) {
            return new AccountStore(database).byName(name).orElseThrow();
        }
    }

    @Test
    void max_login_creates_the_account_with_the_requested_priority() throws Exception {
        JsonNode started = init("{\"name\":\"api\",\"mode\":\"max\",\"tier\":5,\"priority\":12}");
        String paste = oauth.authorize(started.get("authUrl").asText());

        HttpResponse<String> done = post("/api/oauth/callback",
                "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\"" + paste + "\"}");

        Account account = stored("api");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo("{\"success\":true,\"message\":\"Account 'api' added successfully!\","
                + "\"mode\":\"Claude Max\",\"tier\":5,\"accountId\":\"" + account.id() + "\",\"email\":\"me@example.com\"}");
        assertThat(account.priority()).isEqualTo(12);
        assertThat(account.tier()).isEqualTo(5);
        assertThat(account.mode()).isEqualTo(AccountMode.MAX);
        assertThat(account.credentials().expiresAt()).isEqualTo(NOW + 28_800_000L);
        assertThat(app.accessTokens().bearerToken(account)).isEqualTo(account.credentials().accessToken());
    }

    /** Issue 10: a token that could never go into a header is refused before it is stored. */
    @Test
    void a_token_with_control_characters_from_the_token_endpoint_is_refused_and_nothing_is_stored() throws Exception {
        oauth.accessTokenSuffix("\\r\\nx-injected: 1");
        JsonNode started = init("{\"name\":\"api\",\"mode\":\"max\"}");
        String paste = oauth.authorize(started.get("authUrl").asText());

        HttpResponse<String> done = post("/api/oauth/callback",
                "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\"" + paste + "\"}");

        assertThat(done.statusCode()).isEqualTo(502);
        assertThat(done.body()).isEqualTo("{\"error\":\"The token endpoint answered a token with control characters\"}");
        assertThat(app.accounts().list()).isEmpty();
    }

    @Test
    void console_login_stores_a_minted_api_key_and_answers_without_it() throws Exception {
        JsonNode started = init("{\"name\":\"console\",\"mode\":\"console\"}");
        assertThat(started.get("authUrl").asText()).startsWith(oauth.uri() + "/oauth/authorize?code=true&client_id=");

        HttpResponse<String> done = post("/api/oauth/callback", "{\"sessionId\":\"" + started.get("sessionId").asText()
                + "\",\"code\":\"" + oauth.authorize(started.get("authUrl").asText()) + "\"}");

        Account account = stored("console");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).get("mode").asText()).isEqualTo("Claude Console");
        assertThat(account.credentials().apiKey()).startsWith("sk-ant-api03-");
        assertThat(done.body()).doesNotContain(account.credentials().apiKey());
    }

    @Test
    void a_state_mismatch_is_400_and_the_session_stays_usable() throws Exception {
        JsonNode started = init("{\"name\":\"api\"}");
        String paste = oauth.authorize(started.get("authUrl").asText());
        String sessionId = started.get("sessionId").asText();

        HttpResponse<String> forged = post("/api/oauth/callback",
                "{\"sessionId\":\"" + sessionId + "\",\"code\":\"" + paste.substring(0, paste.indexOf('#')) + "#forged\"}");

        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).isEqualTo(
                "{\"error\":\"OAuth state mismatch: this code belongs to a different login. Please try again.\"}");
        assertThat(post("/api/oauth/callback", "{\"sessionId\":\"" + sessionId + "\",\"code\":\"" + paste + "\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void an_expired_or_unknown_session_is_400() throws Exception {
        JsonNode started = init("{\"name\":\"api\"}");
        String paste = oauth.authorize(started.get("authUrl").asText());
        clock.advance(Duration.ofMinutes(10).plusMillis(1));

        HttpResponse<String> expired = post("/api/oauth/callback",
                "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\"" + paste + "\"}");
        HttpResponse<String> unknown = post("/api/oauth/callback",
                "{\"sessionId\":\"00000000-0000-4000-8000-000000000000\",\"code\":\"" + paste + "\"}");

        for (HttpResponse<String> response : new HttpResponse[] {expired, unknown}) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"OAuth session expired or invalid. Please try again.\"}");
        }
    }

    @Test
    void expired_sessions_are_purged_when_a_new_login_begins() throws Exception {
        init("{\"name\":\"old\"}");
        clock.advance(Duration.ofMinutes(11));

        init("{\"name\":\"new\"}");

        try (Database database = Database.open(app.config().storage())) {
            java.util.List<String> names = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT account_name FROM oauth_sessions").mapTo(String.class).list());
            assertThat(names).containsExactly("new");
        }
    }

    @Test
    void bad_input_gets_clear_400s() throws Exception {
        init("{\"name\":\"taken\"}");
        assertThat(post("/api/oauth/callback", "{}").body()).isEqualTo("{\"error\":\"sessionId is required\"}");
        assertThat(post("/api/oauth/callback", "{\"sessionId\":\"nope\",\"code\":\"a#b\"}").body())
                .isEqualTo("{\"error\":\"sessionId must be a UUID\"}");
        assertThat(post("/api/oauth/callback", "{\"sessionId\":\"00000000-0000-4000-8000-000000000000\"}").body())
                .isEqualTo("{\"error\":\"code is required\"}");
        assertThat(post("/api/oauth/init", "{\"mode\":\"max\"}").body()).isEqualTo("{\"error\":\"name is required\"}");
        assertThat(post("/api/oauth/init", "{\"name\":\"x\",\"mode\":\"zai\"}").body())
                .isEqualTo("{\"error\":\"mode must be max or console\"}");
        assertThat(post("/api/oauth/init", "{\"name\":\"x\",\"priority\":101}").body())
                .isEqualTo("{\"error\":\"priority must be an integer between 0 and 100\"}");
        assertThat(post("/api/oauth/init", "{\"name\":\"x\",\"tier\":\"many\"}").body())
                .isEqualTo("{\"error\":\"tier must be an integer\"}");
        assertThat(post("/api/oauth/init", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/oauth/init", "[]").body()).isEqualTo("{\"error\":\"Request body must be a JSON object\"}");
    }

    @Test
    void an_existing_name_is_refused() throws Exception {
        JsonNode started = init("{\"name\":\"api\"}");
        post("/api/oauth/callback", "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\""
                + oauth.authorize(started.get("authUrl").asText()) + "\"}");

        HttpResponse<String> again = post("/api/oauth/init", "{\"name\":\"api\"}");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("{\"error\":\"Account with name 'api' already exists\"}");
    }

    @Test
    void reauth_through_the_api_renews_the_tokens_of_the_same_account() throws Exception {
        JsonNode started = init("{\"name\":\"api\",\"priority\":4}");
        post("/api/oauth/callback", "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\""
                + oauth.authorize(started.get("authUrl").asText()) + "\"}");
        Account before = stored("api");

        JsonNode again = init("{\"name\":\"" + before.id() + "\",\"reauth\":true}");
        HttpResponse<String> done = post("/api/oauth/callback", "{\"sessionId\":\"" + again.get("sessionId").asText()
                + "\",\"code\":\"" + oauth.authorize(again.get("authUrl").asText()) + "\"}");

        Account after = stored("api");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).get("message").asText()).isEqualTo("Account 'api' re-authenticated successfully!");
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.priority()).isEqualTo(4);
        assertThat(after.credentials().accessToken()).isNotEqualTo(before.credentials().accessToken());
        assertThat(post("/api/oauth/init", "{\"name\":\"ghost\",\"reauth\":true}").body())
                .isEqualTo("{\"error\":\"Account 'ghost' not found\"}");
    }
}
