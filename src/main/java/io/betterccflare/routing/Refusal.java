package io.betterccflare.routing;

import io.betterccflare.accounts.Account;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The error a client gets when no account can serve (decision 5): 429 {@code rate_limit_error} when
 * every account that is not paused is rate limited, naming the earliest reset in the message and in
 * {@code Retry-After}; otherwise 503. Immutable.
 *
 * @param retryAfterSeconds at least 1
 */
public record Refusal(int status, String type, String message, long retryAfterSeconds) {
    /** Reason stored with a rate-limit lockout; other lockouts (overloaded, auth) do not make a 429. */
    public static final String RATE_LIMITED = "rate_limited";
    static final long DEFAULT_RETRY_SECONDS = 5;

    /** A lockout learnt during this request, newer than the account snapshot. */
    public record Lockout(long until, String reason) {
    }

    /**
     * Builds the refusal from the accounts as loaded plus the lockouts this request just learnt.
     *
     * @param tried how many accounts were attempted (0 when none was available to start with)
     */
    public static Refusal of(Collection<Account> accounts, Map<String, Lockout> learnt, int tried, long now) {
        int usable = 0;
        int rateLimited = 0;
        long earliestReset = Long.MAX_VALUE;
        long earliestLockout = Long.MAX_VALUE;
        for (Account account : accounts) {
            if (account.paused() || account.requiresReauth()) {
                continue;
            }
            usable++;
            Lockout lockout = learnt.get(account.id());
            long until = lockout != null ? lockout.until() : orZero(account.rateLimit().limitedUntil());
            String reason = lockout != null ? lockout.reason() : account.rateLimit().limitedReason();
            if (until > now) {
                earliestLockout = Math.min(earliestLockout, until);
                if (reason == null || RATE_LIMITED.equals(reason)) {
                    rateLimited++;
                    earliestReset = Math.min(earliestReset, until);
                }
            }
        }
        if (usable > 0 && rateLimited == usable) {
            return new Refusal(429, "rate_limit_error",
                    "All accounts are rate limited; the earliest resets at " + Instant.ofEpochMilli(earliestReset),
                    seconds(earliestReset - now));
        }
        long retry = earliestLockout == Long.MAX_VALUE ? DEFAULT_RETRY_SECONDS : seconds(earliestLockout - now);
        String message = usable == 0
                ? "No account can serve this request: every account is paused or needs re-authentication"
                : tried == 0
                        ? "No account can serve this request right now"
                        : "All accounts failed to proxy the request (" + tried + " attempted)";
        return new Refusal(503, "api_error", message, retry);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }
}
