package io.betterccflare.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.config.Config;
import io.betterccflare.oauth.OAuthClient;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.oauth.RefreshingAccessTokens;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeHttpServer;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage poller against the fake usage endpoint, with an injected clock. */
class UsagePollerTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final long INTERVAL = 90_000;

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(NOW);
    private FakeOAuth oauth;
    private Database database;
    private AccountStore store;
    private HttpClient http;
    private UsagePoller poller;

    @BeforeEach
    void open() {
        oauth = new FakeOAuth();
        database = Database.open(new TestEnv(tempDir).config().storage());
        store = new AccountStore(database);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var upstreams = new Config.Upstreams(oauth.uri(), oauth.uri(), URI.create("http://127.0.0.1:9"));
        var tokens = new RefreshingAccessTokens(store, database.locks(), new OAuthClient(http, upstreams, FakeOAuth.CLIENT_ID), clock, new Random(1));
        poller = new UsagePoller(store, tokens, http, oauth.uri(), INTERVAL, clock, new Random(1));
    }

    @AfterEach
    void close() {
        http.shutdownNow();
        database.close();
        oauth.close();
    }

    private Account subscription(String name, long expiresAt) {
        String[] pair = oauth.issuePair();
        return OAuthTestAccounts.max(store, name, pair[0], pair[1], expiresAt, NOW);
    }

    @Test
    void polls_each_oauth_account_with_its_bearer_token_and_stores_the_windows() {
        Account account = subscription("sub", NOW + 3_600_000);
        new AccountService(store, clock).addKeyAccount(
                new AccountService.NewKeyAccount("key", AccountMode.CONSOLE, "sk-ant-api03-0123456789abcdef", 1, 0, null));

        assertThat(poller.pollDue()).isEqualTo(1);

        var request = oauth.http().requests("/api/oauth/usage").getFirst();
        assertThat(request.header("authorization")).isEqualTo("Bearer " + account.credentials().accessToken());
        assertThat(request.header("anthropic-beta")).isEqualTo("oauth-2025-04-20");
        assertThat(request.header("accept")).isEqualTo("application/json");
        Account stored = store.byId(account.id()).orElseThrow();
        assertThat(stored.usageUpdatedAt()).isEqualTo(NOW);
        assertThat(UsageWindows.parse(stored.usageData()).fiveHour().utilization()).isEqualTo(15.0);
        assertThat(UsageWindows.parse(stored.usageData()).weekly().utilization()).isEqualTo(48.0);
    }

    @Test
    void the_next_poll_comes_one_interval_later_within_twenty_percent() {
        subscription("sub", NOW + 3_600_000);
        poller.pollDue();

        clock.advance(Duration.ofMillis((long) (INTERVAL * 0.8) - 1));
        assertThat(poller.pollDue()).isZero();
        clock.advance(Duration.ofMillis((long) (INTERVAL * 0.4) + 2));
        assertThat(poller.pollDue()).isEqualTo(1);
        assertThat(oauth.http().requests("/api/oauth/usage")).hasSize(2);
    }

    @Test
    void an_expiring_token_is_refreshed_before_polling() {
        Account account = subscription("sub", NOW + 60_000);

        poller.pollDue();

        String used = oauth.http().requests("/api/oauth/usage").getFirst().header("authorization");
        assertThat(used).isNotEqualTo("Bearer " + account.credentials().accessToken())
                .isEqualTo("Bearer " + store.byId(account.id()).orElseThrow().credentials().accessToken());
        assertThat(oauth.refreshCalls()).isEqualTo(1);
    }

    @Test
    void a_429_waits_for_retry_after() {
        subscription("sub", NOW + 3_600_000);
        oauth.usageReply(new FakeHttpServer.Reply(429, Map.of("retry-after", "1200"), "{\"error\":\"rate_limited\"}"));
        poller.pollDue();
        oauth.usageReply(FakeHttpServer.Reply.json(200, FakeOAuth.USAGE_BODY));

        clock.advance(Duration.ofSeconds(1199));
        assertThat(poller.pollDue()).isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(poller.pollDue()).isEqualTo(1);
    }

    @Test
    void failures_back_off_exponentially() {
        subscription("sub", NOW + 3_600_000);
        oauth.usageReply(FakeHttpServer.Reply.json(500, "{}"));
        poller.pollDue();

        clock.advance(Duration.ofMillis((long) (INTERVAL * 2 * 0.8) - 1));
        poller.pollDue();
        assertThat(oauth.http().requests("/api/oauth/usage")).hasSize(1);
        clock.advance(Duration.ofMillis((long) (INTERVAL * 2 * 0.4) + 2));
        poller.pollDue();
        assertThat(oauth.http().requests("/api/oauth/usage")).hasSize(2);
    }

    @Test
    void accounts_added_at_runtime_are_polled_on_the_next_tick() {
        subscription("first", NOW + 3_600_000);
        poller.pollDue();

        Account later = subscription("second", NOW + 3_600_000);
        assertThat(poller.pollDue()).isEqualTo(1);

        assertThat(store.byId(later.id()).orElseThrow().usageData()).isNotNull();
    }

    @Test
    void accounts_needing_reauthentication_are_not_polled() {
        Account account = subscription("sub", NOW + 3_600_000);
        store.markRequiresReauth(account.id(), account.credentials().refreshToken(), "gone", NOW);

        assertThat(poller.pollDue()).isZero();
        assertThat(oauth.http().requests("/api/oauth/usage")).isEmpty();
    }
}
