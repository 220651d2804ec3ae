package io.betterccflare.ratelimit;

/**
 * What the proxy does with one upstream response, decided before any byte reaches the client.
 * {@link Serve} goes to the client as it is; every other kind fails over to the next account, and all
 * but {@link ServerFailure} bench the account until {@code until} (epoch ms).
 */
public sealed interface Verdict {

    /** Forward to the client; {@code success} is a 2xx (clears a previous lockout). */
    record Serve(boolean success) implements Verdict {
    }

    /** 429 or a hard unified status: benched until the reset. */
    record RateLimited(long until) implements Verdict {
    }

    /** 529: a short cooldown. */
    record Overloaded(long until) implements Verdict {
    }

    /** 401/403 for the account's own credentials: marked as failing auth, with a cooldown. */
    record AuthRejected(long until, String failure) implements Verdict {
    }

    /** 500, 502, 503 or 504: try the next account, no cooldown. */
    record ServerFailure(int status) implements Verdict {
    }
}
