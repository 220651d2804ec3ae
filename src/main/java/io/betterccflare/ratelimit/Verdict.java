package io.betterccflare.ratelimit;

/**
 * What the proxy does with one upstream response, decided before any byte reaches the client.
 * {@link Serve} goes to the client as it is; every other kind fails over to the next account.
 * {@link RateLimited}, {@link Overloaded} and {@link AuthRejected} bench the account (or, for a scoped
 * rate limit, one model family on it) until {@code until} (epoch ms); {@link RequestLimited} and
 * {@link ServerFailure} bench nothing.
 */
public sealed interface Verdict {

    /** Forward to the client; {@code success} is a 2xx (clears a previous lockout). */
    record Serve(boolean success) implements Verdict {
    }

    /**
     * A rate limit with window information: benched until the latest reset of the rejected window(s).
     *
     * @param family null when the whole account is out; else the model family kept off the account
     *               (lessons-2026 §3: a per-family scope must not stop the account's other models)
     * @param window what caused it, for people: the rejected scopes joined by {@code ,} ({@code 5h},
     *               {@code 7d_oi}, ...), or {@code unified}, {@code classic}, {@code retry-after}, {@code zai}
     */
    record RateLimited(long until, String family, String window) implements Verdict {
        /** A whole-account lockout whose cause is not known more precisely. */
        public RateLimited(long until) {
            this(until, null, null);
        }
    }

    /**
     * A 429 that says nothing about a window (only {@code x-should-retry}/{@code retry-after}, or an
     * overage-only rejection while the plan windows are open): this request fails over, the account stays
     * available. {@code retryAt} (epoch ms) is a hint for the client should every account answer so.
     */
    record RequestLimited(long retryAt) implements Verdict {
    }

    /** 529: a short, fixed cooldown (after the in-place retries). */
    record Overloaded(long until) implements Verdict {
    }

    /** 401/403 for the account's own credentials: marked as failing auth, with a cooldown. */
    record AuthRejected(long until, String failure) implements Verdict {
    }

    /** 500, 502, 503 or 504: retried in place, then the next account; no cooldown. */
    record ServerFailure(int status) implements Verdict {
    }
}
