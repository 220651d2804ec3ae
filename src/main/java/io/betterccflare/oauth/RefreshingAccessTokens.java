package io.betterccflare.oauth;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.store.ClusterLocks;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's source of OAuth bearer tokens. A token expiring within {@link #REQUEST_WINDOW_MS} is
 * refreshed before use; {@link #refreshExpiring} (run in the background) refreshes those expiring within
 * {@link #BACKGROUND_WINDOW_MS}, so requests rarely wait.
 *
 * <p>Guarantees: one refresh at a time per account across the whole cluster: callers in this process share
 * one flight, and the flight holds the account's cluster lock ({@link ClusterLocks}: an advisory lock on
 * PostgreSQL) while it re-reads the row, calls the token endpoint and stores the result, so an instance
 * that waited adopts the tokens the first one stored instead of sending a rotated-away refresh token
 * (issue 12 part 1). A rotated refresh token is committed with compare-and-set on the old one before the
 * new access token is handed out, and that write clears any {@code requires_reauth} flag; only a
 * definitive {@code invalid_grant} for the refresh token still stored marks the account
 * {@code requires_reauth}, after which no further refresh is attempted; other failures back off
 * exponentially with jitter. Every failure is a {@link AccessTokens.TokenUnavailableException}, so the
 * proxy fails over.
 *
 * <p>Thread-safe: in-flight refreshes and failure records live in concurrent maps; a failure record is
 * only written by the refresh that holds the account's in-flight slot.
 */
public final class RefreshingAccessTokens implements AccessTokens {
    public static final long REQUEST_WINDOW_MS = 5 * 60_000L;
    public static final long BACKGROUND_WINDOW_MS = 15 * 60_000L;
    static final long BASE_BACKOFF_MS = 30_000L;
    static final long MAX_BACKOFF_MS = 10 * 60_000L;
    private static final long ASSUMED_LIFETIME_MS = 3_600_000L;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshingAccessTokens.class);

    /** The longest a refresh waits for another instance's refresh of the same account. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final AccountStore store;
    private final ClusterLocks locks;
    private final OAuthClient client;
    private final Clock clock;
    private final RandomGenerator random;
    private final ConcurrentHashMap<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failure> failures = new ConcurrentHashMap<>();

    /** The last failed refresh of one refresh token: how many in a row, and when to try again. */
    private record Failure(String refreshToken, int count, long retryAt) {
        @Override
        public String toString() {
            return "Failure[count=" + count + ", retryAt=" + retryAt + "]";
        }
    }

    public RefreshingAccessTokens(AccountStore store, ClusterLocks locks, OAuthClient client, Clock clock,
                                  RandomGenerator random) {
        this.store = store;
        this.locks = locks;
        this.client = client;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public String bearerToken(Account account) {
        Account.Credentials credentials = account.credentials();
        if (!credentials.usesOAuth()) {
            return STORED.bearerToken(account);
        }
        if (account.requiresReauth()) {
            throw needsReauth(account.name());
        }
        if (fresh(credentials, clock.millis(), REQUEST_WINDOW_MS)) {
            return credentials.accessToken();
        }
        return refreshShared(account.id(), account.name(), REQUEST_WINDOW_MS);
    }

    /**
     * Refreshes every OAuth account whose token expires within {@link #BACKGROUND_WINDOW_MS} and that is
     * not waiting for re-authentication or backing off. Returns how many now hold a fresh token. Never throws
     * for one account's failure.
     */
    public int refreshExpiring() {
        long now = clock.millis();
        int refreshed = 0;
        for (Account account : store.all()) {
            Account.Credentials credentials = account.credentials();
            if (!credentials.usesOAuth() || account.requiresReauth() || fresh(credentials, now, BACKGROUND_WINDOW_MS)
                    || backingOff(account.id(), credentials.refreshToken(), now)) {
                continue;
            }
            try {
                refreshShared(account.id(), account.name(), BACKGROUND_WINDOW_MS);
                refreshed++;
            } catch (TokenUnavailableException e) {
                LOG.warn("Background token refresh for account '{}' failed: {}", account.name(), e.getMessage());
            }
        }
        return refreshed;
    }

    private String refreshShared(String id, String name, long window) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return await(running, name);
        }
        try {
            mine.complete(locks.exclusive("refresh:" + id, LOCK_WAIT, () -> refreshNow(id, name, window)));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(id, mine);
        }
        return await(mine, name);
    }

    private String refreshNow(String id, String name, long window) {
        long now = clock.millis();
        Account current = store.byId(id).orElseThrow(() -> new TokenUnavailableException("Account '" + name + "' no longer exists"));
        Account.Credentials credentials = current.credentials();
        if (current.requiresReauth()) {
            throw needsReauth(name);
        }
        if (fresh(credentials, now, window)) {
            return credentials.accessToken();
        }
        if (!credentials.usesOAuth()) {
            return STORED.bearerToken(current);
        }
        String oldRefresh = credentials.refreshToken();
        Failure failure = failures.get(id);
        if (failure != null && failure.refreshToken().equals(oldRefresh) && failure.retryAt() > now) {
            throw new TokenUnavailableException("Token refresh for account '" + name + "' is backing off until "
                    + Instant.ofEpochMilli(failure.retryAt()) + " after " + failure.count() + " failure(s)");
        }
        RefreshOutcome outcome = client.refresh(oldRefresh);
        return switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> store(current, oldRefresh, refreshed.grant());
            case RefreshOutcome.Rejected rejected -> reject(current, oldRefresh, rejected.message());
            case RefreshOutcome.Failed failed -> backOff(current, oldRefresh, failure, failed);
        };
    }

    private String store(Account account, String oldRefresh, TokenGrant grant) {
        long now = clock.millis();
        String newRefresh = grant.refreshToken() != null ? grant.refreshToken() : oldRefresh;
        long expiresAt = now + (grant.expiresInSeconds() > 0 ? grant.expiresInSeconds() * 1000 : ASSUMED_LIFETIME_MS);
        failures.remove(account.id());
        if (store.compareAndSetTokens(account.id(), oldRefresh, grant.accessToken(), newRefresh, expiresAt)) {
            LOG.info("Refreshed the token of account '{}'{}", account.name(),
                    newRefresh.equals(oldRefresh) ? "" : " (refresh token rotated)");
            return grant.accessToken();
        }
        // Another thread or instance rotated the refresh token first: its tokens win.
        return adoptStored(account, "its refresh token was replaced while refreshing");
    }

    private String reject(Account account, String oldRefresh, String message) {
        if (store.markRequiresReauth(account.id(), oldRefresh, "Refresh token refused: " + message, clock.millis())) {
            LOG.warn("Account '{}' needs re-authentication: the refresh token was refused ({})", account.name(), message);
            throw needsReauth(account.name());
        }
        return adoptStored(account, "its refresh token was refused");
    }

    private String backOff(Account account, String oldRefresh, Failure previous, RefreshOutcome.Failed failed) {
        long now = clock.millis();
        int count = previous != null && previous.refreshToken().equals(oldRefresh) ? previous.count() + 1 : 1;
        long delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS << Math.min(count - 1, 20));
        long jittered = (long) (delay * (0.8 + 0.4 * random.nextDouble()));
        long wait = failed.retryAfterMs() == null ? jittered : Math.max(jittered, failed.retryAfterMs());
        failures.put(account.id(), new Failure(oldRefresh, count, now + wait));
        LOG.warn("Token refresh for account '{}' failed ({}); next try in {} s", account.name(), failed.message(), wait / 1000);
        throw new TokenUnavailableException("Token refresh for account '" + account.name() + "' failed: " + failed.message());
    }

    private String adoptStored(Account account, String why) {
        Account latest = store.byId(account.id()).orElseThrow(
                () -> new TokenUnavailableException("Account '" + account.name() + "' no longer exists"));
        Account.Credentials credentials = latest.credentials();
        if (!latest.requiresReauth() && fresh(credentials, clock.millis(), 0)) {
            return credentials.accessToken();
        }
        throw new TokenUnavailableException("No token for account '" + account.name() + "': " + why);
    }

    private boolean backingOff(String id, String refreshToken, long now) {
        Failure failure = failures.get(id);
        return failure != null && failure.refreshToken().equals(refreshToken) && failure.retryAt() > now;
    }

    private static boolean fresh(Account.Credentials credentials, long now, long window) {
        String token = credentials.accessToken();
        Long expiresAt = credentials.expiresAt();
        return token != null && !token.isEmpty() && expiresAt != null && expiresAt - now > window;
    }

    private static String await(CompletableFuture<String> flight, String name) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenUnavailableException unavailable) {
                throw new TokenUnavailableException(unavailable.getMessage());
            }
            if (cause instanceof StoreException) {
                throw new TokenUnavailableException("No token for account '" + name + "': the database is unavailable");
            }
            throw new TokenUnavailableException("No token for account '" + name + "': " + cause);
        }
    }

    private static TokenUnavailableException needsReauth(String name) {
        return new TokenUnavailableException("Account '" + name + "' needs re-authentication"
                + " (run better-ccflare --reauth \"" + name + "\")");
    }
}
