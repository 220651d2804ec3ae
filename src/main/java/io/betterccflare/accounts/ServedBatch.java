package io.betterccflare.accounts;

/**
 * Responses one account served in a short window, merged so that the bookkeeping costs one write per
 * account and window instead of one per request. Immutable.
 *
 * @param count       how many responses
 * @param firstAt     when the first was served (epoch ms); the session is judged from it
 * @param lastAt      when the last was served (epoch ms)
 * @param seen        the rate-limit values seen, the latest non-null value of each field
 * @param lastSuccess whether the last response was a success
 */
public record ServedBatch(int count, long firstAt, long lastAt, RateLimitState seen, boolean lastSuccess) {

    /** This batch followed by one more response. */
    public ServedBatch plus(long at, RateLimitState newer, boolean success) {
        return new ServedBatch(count + 1, Math.min(firstAt, at), Math.max(lastAt, at), seen.overlaidWith(newer), success);
    }
}
