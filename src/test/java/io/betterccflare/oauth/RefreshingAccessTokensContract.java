package io.betterccflare.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.config.Config;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeHttpServer;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token refresh against a fake OAuth server, run on SQLite and PostgreSQL: single flight, rotation
 * committed with compare-and-set before use, invalid_grant, and backoff.
 */
abstract class RefreshingAccessTokensContract {
    private static final long NOW = 1_760_000_000_000L;

    private final MutableClock clock = new MutableClock(NOW);
    private FakeOAuth oauth;
    private Database database;
    private AccountStore store;
    private HttpClient http;
    private RefreshingAccessTokens tokens;

    protected abstract Config.Storage storage();

    @BeforeEach
    void open() {
        oauth = new FakeOAuth();
        database = Database.open(storage());
        store = new AccountStore(database);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var upstreams = new Config.Upstreams(oauth.uri(), oauth.uri(), URI.create("http://127.0.0.1:9"));
        tokens = new RefreshingAccessTokens(store, database.locks(), new OAuthClient(http, upstreams, FakeOAuth.CLIENT_ID), clock, new Random(7));
    }

    @AfterEach
    void close() {
        http.shutdownNow();
        database.close();
        oauth.close();
    }

    private Account account(long expiresAt) {
        String[] pair = oauth.issuePair();
        return OAuthTestAccounts.max(store, "sub", pair[0], pair[1], expiresAt, NOW);
    }

    @Test
    void a_token_valid_for_more_than_five_minutes_is_used_without_refreshing() {
        Account account = account(NOW + 5 * 60_000 + 1);

        assertThat(tokens.bearerToken(account)).isEqualTo(account.credentials().accessToken());
        assertThat(oauth.refreshCalls()).isZero();
    }

    @Test
    void fifty_concurrent_callers_on_an_expiring_account_make_exactly_one_token_call() throws Exception {
        Account account = account(NOW + 60_000);
        CountDownLatch release = new CountDownLatch(1);
        oauth.refreshResponder(body -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return oauth.rotate(body);
        });

        List<Future<String>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 50; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return tokens.bearerToken(account);
                }));
            }
            start.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> oauth.refreshCalls() == 1);
            release.countDown();
            String first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<String> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(first);
            }
            assertThat(first).isNotEqualTo(account.credentials().accessToken());
            assertThat(oauth.isIssuedAccessToken(first)).isTrue();
        }
        assertThat(oauth.refreshCalls()).isEqualTo(1);
    }

    @Test
    void a_rotated_refresh_token_is_committed_before_the_new_access_token_is_returned() {
        Account account = account(NOW + 60_000);

        String token = tokens.bearerToken(account);

        Account stored = store.byId(account.id()).orElseThrow();
        assertThat(stored.credentials().accessToken()).isEqualTo(token);
        assertThat(stored.credentials().refreshToken()).startsWith("sk-ant-ort01-").isNotEqualTo(account.credentials().refreshToken());
        assertThat(stored.credentials().expiresAt()).isEqualTo(NOW + 28_800_000L);
        // The next refresh uses the rotated token, which the server accepts.
        clock.advance(Duration.ofHours(8));
        assertThat(tokens.bearerToken(stored)).isNotEqualTo(token);
        assertThat(oauth.refreshCalls()).isEqualTo(2);
    }

    @Test
    void tokens_rotated_by_another_instance_during_the_refresh_win_the_compare_and_set() {
        Account account = account(NOW + 60_000);
        String[] other = oauth.issuePair();
        oauth.refreshResponder(body -> {
            // Another instance refreshed and stored its tokens while our request was on the wire.
            store.compareAndSetTokens(account.id(), account.credentials().refreshToken(), other[0], other[1], NOW + 3_600_000);
            return oauth.rotate(body);
        });

        String token = tokens.bearerToken(account);

        assertThat(token).isEqualTo(other[0]);
        Account stored = store.byId(account.id()).orElseThrow();
        assertThat(stored.credentials().refreshToken()).isEqualTo(other[1]);
        assertThat(stored.credentials().accessToken()).isEqualTo(other[0]);
    }

    @Test
    void a_caller_with_a_stale_snapshot_adopts_tokens_already_stored_instead_of_refreshing() {
        Account stale = account(NOW + 60_000);
        String fresh = tokens.bearerToken(stale);

        assertThat(tokens.bearerToken(stale)).isEqualTo(fresh);
        assertThat(oauth.refreshCalls()).isEqualTo(1);
    }

    @Test
    void invalid_grant_marks_the_account_for_reauthentication_and_stops_refreshing() {
        Account account = account(NOW + 60_000);
        oauth.refreshResponder(body -> FakeHttpServer.Reply.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token not found or invalid\"}"));

        assertThatThrownBy(() -> tokens.bearerToken(account))
                .isInstanceOf(AccessTokens.TokenUnavailableException.class)
                .hasMessage("Account 'sub' needs re-authentication (run better-ccflare --reauth \"sub\")");

        Account stored = store.byId(account.id()).orElseThrow();
        assertThat(stored.requiresReauth()).isTrue();
        assertThat(stored.availableAt(NOW)).isFalse();
        assertThat(stored.authFailure()).isEqualTo("Refresh token refused: Refresh token not found or invalid");
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> tokens.bearerToken(account)).isInstanceOf(AccessTokens.TokenUnavailableException.class);
        assertThatThrownBy(() -> tokens.bearerToken(stored)).isInstanceOf(AccessTokens.TokenUnavailableException.class);
        assertThat(tokens.refreshExpiring()).isZero();
        assertThat(oauth.refreshCalls()).isEqualTo(1);
    }

    @Test
    void transient_failures_back_off_with_jitter_then_retry() {
        Account account = account(NOW + 60_000);
        oauth.refreshResponder(body -> FakeHttpServer.Reply.json(503, "{\"error\":\"overloaded\"}"));

        assertThatThrownBy(() -> tokens.bearerToken(account))
                .isInstanceOf(AccessTokens.TokenUnavailableException.class)
                .hasMessage("Token refresh for account 'sub' failed: token endpoint answered 503: overloaded");
        assertThatThrownBy(() -> tokens.bearerToken(account))
                .isInstanceOf(AccessTokens.TokenUnavailableException.class)
                .hasMessageStartingWith("Token refresh for account 'sub' is backing off until ");
        assertThat(oauth.refreshCalls()).isEqualTo(1);
        assertThat(store.byId(account.id()).orElseThrow().requiresReauth()).isFalse();

        oauth.refreshResponder(oauth::rotate);
        clock.advance(Duration.ofMillis((long) (RefreshingAccessTokens.BASE_BACKOFF_MS * 1.2) + 1));
        String token = tokens.bearerToken(account);

        assertThat(oauth.isIssuedAccessToken(token)).isTrue();
        assertThat(oauth.refreshCalls()).isEqualTo(2);
    }

    @Test
    void an_unreachable_token_endpoint_is_a_token_unavailable_failure() {
        Account account = account(NOW + 60_000);
        oauth.close();

        assertThatThrownBy(() -> tokens.bearerToken(account))
                .isInstanceOf(AccessTokens.TokenUnavailableException.class)
                .hasMessageStartingWith("Token refresh for account 'sub' failed: Could not reach the OAuth token endpoint at http://127.0.0.1:");
    }

    @Test
    void the_background_sweep_refreshes_tokens_expiring_within_fifteen_minutes_only() {
        Account soon = account(NOW + 10 * 60_000);
        String[] pair = oauth.issuePair();
        Account later = OAuthTestAccounts.max(store, "later", pair[0], pair[1], NOW + 60 * 60_000L, NOW);

        assertThat(tokens.refreshExpiring()).isEqualTo(1);

        assertThat(store.byId(soon.id()).orElseThrow().credentials().expiresAt()).isEqualTo(NOW + 28_800_000L);
        assertThat(store.byId(later.id()).orElseThrow().credentials()).isEqualTo(later.credentials());
        assertThat(oauth.refreshCalls()).isEqualTo(1);
    }

    @Test
    void no_message_carries_a_token() {
        Account account = account(NOW + 60_000);
        oauth.refreshResponder(body -> FakeHttpServer.Reply.json(500, "{}"));

        assertThatThrownBy(() -> tokens.bearerToken(account))
                .satisfies(error -> assertThat(error.getMessage())
                        .doesNotContain(account.credentials().refreshToken())
                        .doesNotContain(account.credentials().accessToken()));
        assertThat(account.credentials().toString()).doesNotContain(account.credentials().refreshToken());
    }
}
