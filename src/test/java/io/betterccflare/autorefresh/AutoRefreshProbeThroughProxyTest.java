package io.betterccflare.autorefresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.ReceivedRequest;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.store.Database;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server's own auto-refresh probe (issue 11 part 7): it is pinned to a subscription that is still
 * locked out and must reach it, without starting a session or counting as use, while a client that copies
 * the probe header with a made-up token is refused like any pin to a locked-out account.
 */
class AutoRefreshProbeThroughProxyTest {
    private static final String ACCESS = "sk-ant-oat01-probe-access-0123456789";

    @TempDir
    Path home;

    private FakeAnthropic fake;
    private RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void the_servers_probe_reaches_a_locked_out_subscription_and_a_forged_probe_does_not() throws Exception {
        fake = FakeAnthropic.start();
        TestEnv env = new TestEnv(home).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl());
        long now = System.currentTimeMillis();
        Account account;
        try (Database database = Database.open(env.config().storage())) {
            AccountStore store = new AccountStore(database);
            account = OAuthTestAccounts.max(store, "sub", ACCESS, "sk-ant-ort01-probe-refresh", now + 3_600_000, now);
            store.setAutoRefresh(account.id(), true);
            store.recordLockout(account.id(), now, RateLimitState.NONE, now + 3_600_000, "rate_limited", null);
        }

        // The auto-refresh job runs as the server starts.
        app = RunningApp.start(env.config(), Clock.systemUTC());

        await().atMost(Duration.ofSeconds(20)).until(() -> !fake.received().isEmpty());
        ReceivedRequest probe = fake.received().getFirst();
        assertThat(probe.header("authorization")).isEqualTo("Bearer " + ACCESS);
        // The proxy's own control headers stay here (only its hop marker goes up, to catch loops).
        assertThat(probe.headers().keySet()).doesNotContain("x-better-ccflare-account-id", "x-better-ccflare-auto-refresh",
                "x-better-ccflare-bypass-session");
        try (Database database = Database.open(env.config().storage())) {
            AccountStore store = new AccountStore(database);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.byId(account.id()).orElseThrow().rateLimit().limitedUntil() == null);
            Account probed = store.byId(account.id()).orElseThrow();
            assertThat(probed.sessionStart()).isNull();
            assertThat(probed.requestCount()).isZero();

            store.recordLockout(account.id(), now, RateLimitState.NONE, System.currentTimeMillis() + 3_600_000, "rate_limited", null);
            int before = fake.received().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> forgedProbe().statusCode() == 429);
            assertThat(fake.received()).hasSize(before);
        }
    }

    private HttpResponse<String> forgedProbe() throws Exception {
        return app.client().send(HttpRequest.newBuilder(app.uri("/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-better-ccflare-account-id", "sub")
                .header("x-better-ccflare-auto-refresh", "forged-token")
                .header("x-better-ccflare-bypass-session", "true")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
