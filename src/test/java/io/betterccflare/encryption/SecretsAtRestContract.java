package io.betterccflare.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.config.ConfigLoader;
import io.betterccflare.fake.ConnectProxy;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.ReceivedRequest;
import io.betterccflare.server.Json;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 part 5, secrets at rest, through the real server, the real CLI and the real database files: with a key,
 * the raw storage (the SQLite file, its WAL and backups; a {@code pg_dump} of the PostgreSQL schema) holds no
 * account credential and no prompt in clear while the proxy and the API work as before; without the key or with
 * another one nothing starts; rotation and decryption convert everything; a clear database and an imported
 * better-ccflare 3.5.4 database get encrypted. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class SecretsAtRestContract {
    static final String KEY = key(1);
    static final String OTHER_KEY = key(2);
    static final String KEY_VARIABLE = ConfigLoader.KEY_VARIABLE;
    private static final String CONSOLE_KEY = "sk-ant-api03-console-at-rest-0123456789abcdef";
    private static final String ZAI_KEY = "zai-at-rest-key-0123456789abcdef";
    private static final String COMPAT_KEY = "sk-compat-at-rest-key-0123456789";
    private static final String PROXIED_KEY = "sk-ant-api03-proxied-at-rest-0123456789abcdef";
    private static final String PROXY_PASSWORD = "proxy-password-at-rest-0123456789";

    @TempDir
    Path temp;

    FakeAnthropic upstream;
    FakeOAuth oauth;

    /** Adds what selects the database under test; the same database on every call within a test. */
    protected abstract TestEnv database(TestEnv env);

    /** Every byte the database keeps on disk (or in a dump of it), as ISO-8859-1 text for searching. */
    protected abstract String rawStorage(TestEnv env);

    @BeforeEach
    void startFakes() {
        upstream = FakeAnthropic.start();
        oauth = new FakeOAuth();
    }

    @AfterEach
    void stopFakes() {
        upstream.close();
        oauth.close();
    }

    /** 32 bytes, all {@code seed}, in base64. */
    static String key(int seed) {
        byte[] bytes = new byte[EncryptionKey.BYTES];
        java.util.Arrays.fill(bytes, (byte) seed);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The test's environment with {@code key} as the encryption key (none when null). */
    TestEnv env(String key) {
        TestEnv env = database(new TestEnv(temp)
                .with("BETTER_CCFLARE_ANTHROPIC_URL", upstream.baseUrl())
                .with("BETTER_CCFLARE_ZAI_URL", upstream.baseUrl())
                .with("BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString()));
        return key == null ? env.without(KEY_VARIABLE) : env.with(KEY_VARIABLE, key);
    }

    CliRunner.Result cli(TestEnv env, String... args) {
        return new CliRunner(env, Clock.systemUTC()).run(args);
    }

    /** A request pinned to {@code account}, with a prompt and a header value that exist nowhere else. */
    record Sent(String account, String prompt, String marker, String body, HttpResponse<String> response) {
    }

    static Sent send(RunningApp app, String account, boolean stream) {
        String prompt = "prompt-" + account + "-" + UUID.randomUUID();
        String marker = "marker-" + UUID.randomUUID();
        String body = "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":16,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        HttpResponse<String> response = exchange(app, HttpRequest.newBuilder(app.uri("/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-better-ccflare-account-id", account).header("x-trace-marker", marker)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return new Sent(account, prompt, marker, body, response);
    }

    private static HttpResponse<String> exchange(RunningApp app, HttpRequest request) {
        try {
            return app.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything of a sent request that must not be stored clear: the prompt, its marker header, the body in base64. */
    static List<String> clearTraces(Sent sent) {
        return List.of(sent.prompt(), sent.marker(),
                Base64.getEncoder().encodeToString(sent.body().getBytes(StandardCharsets.UTF_8)));
    }

    static void awaitLogged(RunningApp app, int rows) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode logged = app.get("/api/requests").json();
            int complete = 0;
            for (JsonNode row : logged) {
                complete += row.get("state").asText().equals("complete") ? 1 : 0;
            }
            return complete == rows;
        });
    }

    /** Adds a subscription account through the API login flow against the fake OAuth server. */
    static void loginWithOAuth(RunningApp app, FakeOAuth oauth, String name) {
        JsonNode started = post(app, "/api/oauth/init", "{\"name\":\"" + name + "\",\"mode\":\"max\"}");
        String paste = oauth.authorize(started.get("authUrl").asText());
        JsonNode done = post(app, "/api/oauth/callback",
                "{\"sessionId\":\"" + started.get("sessionId").asText() + "\",\"code\":\"" + paste + "\"}");
        assertThat(done.get("success").asBoolean()).as(done.toString()).isTrue();
    }

    static JsonNode post(RunningApp app, String path, String json) {
        HttpResponse<String> response = exchange(app, HttpRequest.newBuilder(app.uri(path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The accounts as the stores read them with {@code key}. */
    List<Account> storedAccounts(String key) {
        try (Database database = Database.open(env(key).config().storage())) {
            return new AccountStore(database).all();
        }
    }

    @Test
    void with_a_key_the_storage_holds_no_credential_or_prompt_in_clear_and_the_proxy_and_api_work_as_before() throws IOException {
        List<Sent> sent = new ArrayList<>();
        String compatEndpoint = upstream.baseUrl();
        try (RunningApp app = RunningApp.start(env(KEY).config(), Clock.systemUTC());
             ConnectProxy proxy = new ConnectProxy()) {
            AccountService accounts = app.app().accounts();
            accounts.addKeyAccount(new AccountService.NewKeyAccount("cons", AccountMode.CONSOLE, CONSOLE_KEY, 1, 1, null));
            accounts.addKeyAccount(new AccountService.NewKeyAccount("zed", AccountMode.ZAI, ZAI_KEY, 1, 2, null));
            accounts.addKeyAccount(new AccountService.NewKeyAccount("compat", AccountMode.ANTHROPIC_COMPATIBLE, COMPAT_KEY,
                    1, 3, compatEndpoint));
            accounts.addKeyAccount(new AccountService.NewKeyAccount("proxied", AccountMode.CONSOLE, PROXIED_KEY, 1, 9, null));
            accounts.setProxyUrl("proxied", "http://proxy-user:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port());
            loginWithOAuth(app, oauth, "sub");
            // A login begun and not finished keeps its PKCE verifier in oauth_sessions.
            post(app, "/api/oauth/init", "{\"name\":\"later\",\"mode\":\"max\"}");

            for (String account : List.of("cons", "zed", "compat", "sub", "proxied")) {
                for (boolean stream : List.of(false, true)) {
                    Sent one = send(app, account, stream);
                    assertThat(one.response().statusCode()).as(one.response().body()).isEqualTo(200);
                    sent.add(one);
                }
            }
            awaitLogged(app, sent.size());
            String id = app.get("/api/requests").json().get(0).get("id").asText();
            RunningApp.Response payload = app.get("/api/requests/payload/" + id);
            assertThat(payload.status()).isEqualTo(200);
            assertThat(new String(Base64.getDecoder().decode(payload.json().get("request").get("body").asText()),
                    StandardCharsets.UTF_8)).startsWith("{\"model\"");
            assertThat(app.get("/api/accounts").json()).hasSize(5);
            String proxiedId = accounts.find("proxied").id();
            assertThat(accounts.maskedProxyUrl(proxiedId)).startsWith("http://").doesNotContain(PROXY_PASSWORD);
            assertThat(app.get("/api/requests/detail?limit=20").body()).contains(sent.getLast().marker());
        }
        List<Account> stored = storedAccounts(KEY);
        Account sub = stored.stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow();
        assertThat(upstream.received()).filteredOn(r -> r.path().equals("/v1/messages")).extracting(r -> credential(r))
                .containsExactlyInAnyOrder(CONSOLE_KEY, CONSOLE_KEY, ZAI_KEY, ZAI_KEY, COMPAT_KEY, COMPAT_KEY, PROXIED_KEY, PROXIED_KEY,
                        "Bearer " + sub.credentials().accessToken(), "Bearer " + sub.credentials().accessToken());

        // The proxied account's calls left through its proxy with the stored (sealed, then opened) credentials.
        assertThat(upstream.received()).filteredOn(r -> PROXIED_KEY.equals(r.header("x-api-key")))
                .extracting(r -> r.header("proxy-authorization")).containsOnly("Basic " + Base64.getEncoder()
                        .encodeToString(("proxy-user:" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        String raw = rawStorage(env(KEY));
        List<String> secrets = new ArrayList<>(List.of(CONSOLE_KEY, ZAI_KEY, COMPAT_KEY, compatEndpoint, PROXIED_KEY, PROXY_PASSWORD,
                sub.credentials().accessToken(), sub.credentials().refreshToken()));
        sent.forEach(one -> secrets.addAll(clearTraces(one)));
        for (String secret : secrets) {
            assertThat(raw).as("raw storage must not hold a secret in clear").doesNotContain(secret);
        }
        assertThat(raw).contains(FieldCipher.PREFIX + EncryptionKey.parse(KEY, "test").id() + ":");
        assertThat(sealedVerifiers()).isPositive();
    }

    private static String credential(ReceivedRequest request) {
        String apiKey = request.header("x-api-key");
        return apiKey != null ? apiKey : request.header("authorization");
    }

    /** How many OAuth login verifiers are stored sealed (and none clear). */
    private long sealedVerifiers() {
        try (Database database = Database.open(env(KEY).config().storage())) {
            List<String> verifiers = database.jdbi().withHandle(h -> h.createQuery("SELECT verifier FROM oauth_sessions")
                    .mapTo(String.class).list());
            assertThat(verifiers).allMatch(FieldCipher::sealed);
            return verifiers.size();
        }
    }

    @Test
    void without_the_key_or_with_another_one_nothing_starts_and_the_data_stays_intact() {
        try (RunningApp app = RunningApp.start(env(KEY).config(), Clock.systemUTC())) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("cons", AccountMode.CONSOLE, CONSOLE_KEY, 1, 0, null));
        }
        String id = EncryptionKey.parse(KEY, "test").id();
        String otherId = EncryptionKey.parse(OTHER_KEY, "test").id();

        CliRunner.Result noKey = cli(env(null), "--serve");
        assertThat(noKey.code()).isEqualTo(1);
        assertThat(noKey.out()).isEmpty();
        assertThat(noKey.err()).hasLineCount(1).startsWith("Error: Cannot open database ")
                .contains("holds secrets encrypted with key " + id + " and no encryption key is configured");

        CliRunner.Result wrongKey = cli(env(OTHER_KEY), "--serve");
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(wrongKey.err()).hasLineCount(1)
                .contains("is encrypted with key " + id + ", not with the configured key " + otherId);

        CliRunner.Result malformed = cli(env("c2VjcmV0LWJ1dC1zaG9ydA=="), "--list");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err()).isEqualTo("Error: The encryption key from environment variable " + KEY_VARIABLE
                + " must be 32 bytes in base64, not 16 (make one with: openssl rand -base64 32)\n")
                .doesNotContain("c2VjcmV0LWJ1dC1zaG9ydA");

        assertThat(storedAccounts(KEY)).singleElement()
                .satisfies(account -> assertThat(account.credentials().apiKey()).isEqualTo(CONSOLE_KEY));
        CliRunner.Result serve = cli(env(KEY), "--serve");
        assertThat(serve.code()).as(serve.err()).isZero();
        assertThat(serve.out()).contains("  Secrets:   encrypted at rest (key " + id + ")");
    }

    @Test
    void rotation_re_encrypts_everything_so_only_the_new_key_opens_the_database_and_decryption_stores_it_clear() {
        Sent before;
        try (RunningApp app = RunningApp.start(env(KEY).config(), Clock.systemUTC())) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("cons", AccountMode.CONSOLE, CONSOLE_KEY, 1, 0, null));
            before = send(app, "cons", false);
            awaitLogged(app, 1);
        }
        String newId = EncryptionKey.parse(OTHER_KEY, "test").id();

        CliRunner.Result missing = cli(env(KEY), "--rotate-encryption-key");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).hasLineCount(1).contains("needs the new key in BETTER_CCFLARE_NEW_ENCRYPTION_KEY");

        CliRunner.Result rotated = cli(env(KEY).with(ConfigLoader.NEW_KEY_VARIABLE, OTHER_KEY), "--rotate-encryption-key");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("Converted 2 stored secret(s) from key " + EncryptionKey.parse(KEY, "t").id()
                + " to key " + newId).contains("set " + KEY_VARIABLE + " to the value of " + ConfigLoader.NEW_KEY_VARIABLE);
        assertThat(cli(env(KEY), "--list").err()).contains("is encrypted with key " + newId);

        try (RunningApp app = RunningApp.start(env(OTHER_KEY).config(), Clock.systemUTC())) {
            String id = app.get("/api/requests").json().get(0).get("id").asText();
            assertThat(app.get("/api/requests/payload/" + id).body()).contains(before.marker());
            assertThat(send(app, "cons", false).response().statusCode()).isEqualTo(200);
            assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo(CONSOLE_KEY);
            CliRunner.Result busy = cli(env(OTHER_KEY), "--decrypt-secrets");
            assertThat(busy.code()).isEqualTo(1);
            assertThat(busy.err()).hasLineCount(1).contains("1 server(s) are running on ")
                    .endsWith("stop them first, they would go on using the old key\n");
        }
        assertThat(rawStorage(env(OTHER_KEY))).doesNotContain(CONSOLE_KEY).doesNotContain(before.marker());

        CliRunner.Result clear = cli(env(OTHER_KEY), "--decrypt-secrets");
        assertThat(clear.code()).as(clear.err()).isZero();
        assertThat(clear.out()).contains("to clear").contains("Remove " + KEY_VARIABLE);
        CliRunner.Result list = cli(env(null), "--list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("cons");
        assertThat(rawStorage(env(null))).contains(CONSOLE_KEY);
    }

    /** Called between the clear phase and the first start with a key (SQLite: leaves a backup of the clear file). */
    protected void beforeFirstStartWithKey(TestEnv env) {
    }

    @Test
    void a_clear_database_is_encrypted_at_the_first_start_with_a_key_and_an_imported_reference_database_too() {
        Sent clearSent;
        try (RunningApp app = RunningApp.start(env(null).config(), Clock.systemUTC())) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("mine", AccountMode.CONSOLE, CONSOLE_KEY, 1, 0, null));
            clearSent = send(app, "mine", false);
            awaitLogged(app, 1);
        }
        // The search finds clear values (a dump of a database without a key shows them).
        assertThat(rawStorage(env(null))).contains(CONSOLE_KEY).contains(clearSent.marker());
        beforeFirstStartWithKey(env(null));

        try (RunningApp app = RunningApp.start(env(KEY).config(), Clock.systemUTC())) {
            String id = app.get("/api/requests").json().get(0).get("id").asText();
            assertThat(app.get("/api/requests/payload/" + id).body()).contains(clearSent.marker());
        }
        Path fixture = Path.of("src/test/resources/ccflare/better-ccflare-3.5.4.db").toAbsolutePath();
        CliRunner.Result imported = cli(env(KEY), "--import-ccflare", fixture.toString(), "--with-history");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(storedAccounts(KEY)).extracting(Account::name).contains("mine", "cons", "zed", "compat", "max-oauth");

        String raw = rawStorage(env(KEY));
        for (String secret : List.of(CONSOLE_KEY, clearSent.marker(), clearSent.prompt(), "zai-fixture-key-0123456789",
                "sk-compat-fixture-key-0123456789", "sk-ant-api03-console-fixture-0123456789", "sk-ant-ort01-fixture-refresh",
                "sk-ant-oat01-fixture-access", "http://127.0.0.1:18602",
                "{\"request\":{\"headers\":{\"accept\":\"*/*\"")) {
            assertThat(raw).as("raw storage must not hold a secret in clear").doesNotContain(secret);
        }
    }
}
