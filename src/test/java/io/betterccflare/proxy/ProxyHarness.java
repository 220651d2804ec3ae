package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.app.App;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.server.HttpServer;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The real app serving on port 0 with its default Anthropic upstream pointed at a {@link FakeAnthropic},
 * plus shortcuts to add accounts. Close it after each test.
 */
final class ProxyHarness implements AutoCloseable {
    final FakeAnthropic fake;
    final App app;
    final HttpServer server;
    final AccountStore store;

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

    Account read(Account account) {
        return store.byId(account.id()).orElseThrow();
    }

    @Override
    public void close() {
        app.close();
        fake.close();
    }
}
