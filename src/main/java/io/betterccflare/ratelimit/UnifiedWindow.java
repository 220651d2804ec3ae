package io.betterccflare.ratelimit;

/**
 * One {@code anthropic-ratelimit-unified-<scope>-*} family of a response (anthropic-wire §4.2):
 * {@code scope} as it appears in the header name ({@code 5h}, {@code 7d}, {@code 7d_oi}, {@code overage},
 * {@code 7d_opus}, or any scope the API adds), its {@code status} ({@code allowed}, {@code allowed_warning},
 * {@code rejected}; lower case, or null), its reset (epoch ms, or null) and utilization (a fraction, may
 * exceed 1, or null). Immutable.
 */
public record UnifiedWindow(String scope, String status, Long reset, Double utilization) {
    /** The windows that cover the whole account, whatever the model: the 5-hour session and the week. */
    public static final java.util.Set<String> ACCOUNT_WIDE = java.util.Set.of("5h", "7d");
    /** The extra-usage (overage) pool: spending it never benches an account whose plan windows are open. */
    public static final String OVERAGE = "overage";

    public boolean rejected() {
        return "rejected".equals(status);
    }

    /** True for the 5-hour and 7-day windows. */
    public boolean accountWide() {
        return ACCOUNT_WIDE.contains(scope);
    }

    /** True for the overage (extra usage) pool. */
    public boolean overage() {
        return OVERAGE.equals(scope);
    }
}
