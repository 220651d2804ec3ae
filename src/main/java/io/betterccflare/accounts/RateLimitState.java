package io.betterccflare.accounts;

/**
 * What the upstream last told us about an account's limits: the unified status, reset and remaining
 * values, the 5-hour and 7-day windows, the representative claim, and our own lockout
 * ({@code limitedUntil}, with the reason: {@code rate_limited}, {@code overloaded}, {@code auth}).
 * Times are epoch ms; any field may be null when never seen. Immutable.
 */
public record RateLimitState(
        String status,
        Long reset,
        Long remaining,
        Long limitedUntil,
        String limitedReason,
        String fiveHourStatus,
        Long fiveHourReset,
        Double fiveHourUtilization,
        String sevenDayStatus,
        Long sevenDayReset,
        Double sevenDayUtilization,
        String representativeClaim,
        Long updatedAt,
        int consecutiveLimits) {

    public static final RateLimitState NONE =
            new RateLimitState(null, null, null, null, null, null, null, null, null, null, null, null, null, 0);

    /** True while our lockout lasts. */
    public boolean limitedAt(long now) {
        return limitedUntil != null && limitedUntil > now;
    }

    /** This state with every non-null field of {@code newer} taken over. */
    public RateLimitState overlaidWith(RateLimitState newer) {
        return new RateLimitState(
                newer.status != null ? newer.status : status,
                newer.reset != null ? newer.reset : reset,
                newer.remaining != null ? newer.remaining : remaining,
                newer.limitedUntil != null ? newer.limitedUntil : limitedUntil,
                newer.limitedReason != null ? newer.limitedReason : limitedReason,
                newer.fiveHourStatus != null ? newer.fiveHourStatus : fiveHourStatus,
                newer.fiveHourReset != null ? newer.fiveHourReset : fiveHourReset,
                newer.fiveHourUtilization != null ? newer.fiveHourUtilization : fiveHourUtilization,
                newer.sevenDayStatus != null ? newer.sevenDayStatus : sevenDayStatus,
                newer.sevenDayReset != null ? newer.sevenDayReset : sevenDayReset,
                newer.sevenDayUtilization != null ? newer.sevenDayUtilization : sevenDayUtilization,
                newer.representativeClaim != null ? newer.representativeClaim : representativeClaim,
                newer.updatedAt != null ? newer.updatedAt : updatedAt,
                Math.max(consecutiveLimits, newer.consecutiveLimits));
    }
}
