package io.betterccflare.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.app.App;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.server.HttpServer;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The real app serving on port 0 with its default Anthropic upstream pointed at a {@link FakeAnthropic},
 * plus shortcuts to add accounts. Close it after each test.
 */
final class ProxyHarness implements AutoCloseable {
    /** A small non-streaming Messages request, and its streaming twin. */
    static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM = MESSAGE.replace("{\"model\"", "{\"stream\":true,\"model\"");

    final FakeAnthropic fake;
    final App app;
    final HttpServer server;
    final AccountStore store;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ProxyHarness(Path tempDir) {
        this(tempDir, env -> env);
    }

    ProxyHarness(Path tempDir, UnaryOperator<TestEnv> customize) {
        this(tempDir, customize, Clock.systemUTC());
    }

    /** In-place retries wait 1 ms (then 2 ms) unless {@code customize} sets {@code RETRY_DELAY_MS}. */
    ProxyHarness(Path tempDir, UnaryOperator<TestEnv> customize, Clock clock) {
        this.fake = FakeAnthropic.start();
        TestEnv env = customize.apply(new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl())
                .with("RETRY_DELAY_MS", "1"));
        this.app = App.open(env.config(), clock);
        this.server = app.serve();
        this.store = new AccountStore(app.database());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A Console (API-key) account on the default upstream (the fake). */
    Account console(String name, int priority) {
        return app.accounts().addKeyAccount(new AccountService.NewKeyAccount(name, AccountMode.CONSOLE,
                "sk-ant-api03-" + name + "-key", 1, priority, null));
    }

    /** An API-key account whose custom endpoint is {@code endpoint}. */
    Account compatible(String name, int priority, String endpoint) {
        return app.accounts().addKeyAccount(new AccountService.NewKeyAccount(name, AccountMode.ANTHROPIC_COMPATIBLE,
                "sk-compat-" + name + "-key", 1, priority, endpoint));
    }

    /** A subscription (OAuth) account with a stored, unexpired access token. */
    Account oauth(String name, int priority) {
        long now = System.currentTimeMillis();
        Account account = new Account(UUID.randomUUID().toString(), name, Provider.ANTHROPIC, AccountMode.MAX,
                new Account.Credentials(null, "sk-ant-ort01-" + name, "sk-ant-oat01-" + name, now + 3_600_000),
                now, null, 0, 0, 1, priority, false, null, 0, false, false, null, null, false, null, null,
                RateLimitState.NONE, null, null);
        store.insert(account);
        return account;
    }

    /** Sends a request to the proxy (a JSON body when {@code body} is not null), headers as name, value pairs. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request log as {@code GET /api/requests} shows it, newest first. */
    JsonNode requestRows() {
        return ApiClient.json(new ApiClient(server.port()).get("/api/requests").body());
    }

    Account read(Account account) {
        return store.byId(account.id()).orElseThrow();
    }

    @Override
    public void close() {
        http.close();
        app.close();
        fake.close();
    }
}
