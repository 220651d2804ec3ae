package io.betterccflare.routing;

import io.betterccflare.accounts.Account;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The reference's session strategy (reference-core §3, decision 4). In order:
 * <ol>
 *   <li>auto-fallback: an opted-in, unpaused, not locked-out account whose stored window reset has
 *       passed goes first (lowest priority number among them);</li>
 *   <li>otherwise the account that started the most recent live session, if it is available;</li>
 *   <li>otherwise the available accounts by priority (lower first; ties keep the given order).</li>
 * </ol>
 * The other available accounts follow by priority as the failover order. {@code account_tier} plays no
 * part. Sessions start through the served account's bookkeeping, not here. Stateless; thread-safe.
 */
public final class SessionStrategy {
    private static final Comparator<Account> BY_PRIORITY = Comparator.comparingInt(Account::priority);

    private final long sessionDurationMs;

    public SessionStrategy(long sessionDurationMs) {
        if (sessionDurationMs <= 0) {
            throw new IllegalArgumentException("sessionDurationMs must be positive: " + sessionDurationMs);
        }
        this.sessionDurationMs = sessionDurationMs;
    }

    /** Orders the accounts for a request at {@code now}; {@code accounts} come preferred first from the store. */
    public Route route(List<Account> accounts, long now) {
        return route(accounts, Map.of(), now);
    }

    /**
     * Orders the accounts for a request at {@code now}, leaving out those {@code blocked} for this request
     * (a lockout of the requested model family, an open circuit breaker) as well as the unavailable ones.
     */
    public Route route(List<Account> accounts, Map<String, Refusal.Lockout> blocked, long now) {
        if (accounts.isEmpty()) {
            return new Route.NoAccounts();
        }
        List<Account> available = usable(accounts, blocked, now);
        Account first = autoFallback(available, now);
        if (first == null) {
            Account session = latestSession(accounts, now);
            if (session != null && session.availableAt(now) && !blocked.containsKey(session.id())) {
                first = session;
            }
        }
        if (first == null && !available.isEmpty()) {
            first = available.getFirst();
        }
        if (first == null) {
            return new Route.Unavailable(Refusal.of(accounts, blocked, 0, now));
        }
        List<Account> ordered = new ArrayList<>(available.size());
        ordered.add(first);
        for (Account account : available) {
            if (account != first) {
                ordered.add(account);
            }
        }
        return new Route.Candidates(ordered);
    }

    /** The accounts available at {@code now} and not blocked, by priority (ties keep the given order). */
    static List<Account> usable(List<Account> accounts, Map<String, Refusal.Lockout> blocked, long now) {
        List<Account> available = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            if (account.availableAt(now) && !blocked.containsKey(account.id())) {
                available.add(account);
            }
        }
        available.sort(BY_PRIORITY);
        return available;
    }

    private static Account autoFallback(List<Account> availableByPriority, long now) {
        for (Account account : availableByPriority) {
            Long reset = account.rateLimit().reset();
            if (account.autoFallbackEnabled() && reset != null && reset <= now) {
                return account;
            }
        }
        return null;
    }

    /** The account with the most recent session start still inside the session length, paused or not. */
    private Account latestSession(List<Account> accounts, long now) {
        Account latest = null;
        for (Account account : accounts) {
            if (account.sessionActiveAt(now, sessionDurationMs)
                    && (latest == null || account.sessionStart() > latest.sessionStart())) {
                latest = account;
            }
        }
        return latest;
    }
}
