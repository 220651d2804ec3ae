package io.betterccflare.ratelimit;

import io.betterccflare.accounts.RateLimitState;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The rate-limit facts one upstream response carries. Unified headers (Claude subscriptions): status,
 * reset, remaining, the 5-hour and 7-day windows, the representative claim and the fallback flag.
 * Classic headers (API keys): requests and tokens remaining, and the earliest reset of an exhausted
 * bucket. Plus {@code retry-after} and {@code x-ratelimit-reset}, every unified window family found
 * ({@code windows}, generic over scopes) and the overage pool's disabled reason. Times are absolute epoch
 * ms; every field is null when its header is absent or unparsable. Immutable.
 */
public record RateLimitHeaders(
        String status,
        Long reset,
        Long remaining,
        String fiveHourStatus,
        Long fiveHourReset,
        Double fiveHourUtilization,
        String sevenDayStatus,
        Long sevenDayReset,
        Double sevenDayUtilization,
        String representativeClaim,
        String fallback,
        Long retryAfter,
        Long classicReset,
        Long requestsRemaining,
        Long tokensRemaining,
        Long exhaustedClassicReset,
        java.util.List<UnifiedWindow> windows,
        String overageDisabledReason) {

    /** Unified families that are not rate-limit windows (anthropic-wire §4.2). */
    private static final java.util.Set<String> NOT_WINDOWS = java.util.Set.of("grace", "slow", "fallback");
    private static final String STATUS_SUFFIX = "-status";

    private static final String UNIFIED = "anthropic-ratelimit-unified-";
    private static final String CLASSIC = "anthropic-ratelimit-";
    private static final String[] BUCKETS = {"requests", "tokens", "input-tokens", "output-tokens"};
    private static final String[] BUCKET_REMAINING = names("-remaining");
    private static final String[] BUCKET_RESET = names("-reset");

    private static String[] names(String suffix) {
        String[] names = new String[BUCKETS.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = CLASSIC + BUCKETS[i] + suffix;
        }
        return names;
    }

    /** Parses every rate-limit header of a response received at {@code now}. */
    public static RateLimitHeaders parse(HeaderLookup headers, long now) {
        Long requestsRemaining = integer(headers.first(CLASSIC + "requests-remaining"));
        Long tokensRemaining = integer(headers.first(CLASSIC + "tokens-remaining"));
        Long exhausted = null;
        for (int bucket = 0; bucket < BUCKETS.length; bucket++) {
            Long left = bucket < 2 ? (bucket == 0 ? requestsRemaining : tokensRemaining)
                    : integer(headers.first(BUCKET_REMAINING[bucket]));
            if (left == null || left != 0) {
                continue;
            }
            Long reset = rfc3339(headers.first(BUCKET_RESET[bucket]));
            if (reset != null) {
                exhausted = exhausted == null ? reset : Math.max(exhausted, reset);
            }
        }
        return new RateLimitHeaders(
                text(headers.first(UNIFIED + "status")),
                epochSeconds(headers.first(UNIFIED + "reset")),
                integer(headers.first(UNIFIED + "remaining")),
                text(headers.first(UNIFIED + "5h-status")),
                epochSeconds(headers.first(UNIFIED + "5h-reset")),
                fraction(headers.first(UNIFIED + "5h-utilization")),
                text(headers.first(UNIFIED + "7d-status")),
                epochSeconds(headers.first(UNIFIED + "7d-reset")),
                fraction(headers.first(UNIFIED + "7d-utilization")),
                text(headers.first(UNIFIED + "representative-claim")),
                text(headers.first(UNIFIED + "fallback")),
                retryAfter(headers.first("retry-after"), now),
                epochSeconds(headers.first("x-ratelimit-reset")),
                requestsRemaining,
                tokensRemaining,
                exhausted,
                windows(headers),
                text(headers.first(UNIFIED + "overage-disabled-reason")));
    }

    /**
     * Every {@code anthropic-ratelimit-unified-<scope>-status} family the response carries, whatever the
     * scope, sorted by scope; empty when the lookup does not know its header names.
     */
    static java.util.List<UnifiedWindow> windows(HeaderLookup headers) {
        java.util.List<UnifiedWindow> found = new java.util.ArrayList<>(4);
        for (String name : headers.names()) {
            if (!name.startsWith(UNIFIED) || !name.endsWith(STATUS_SUFFIX)
                    || name.length() <= UNIFIED.length() + STATUS_SUFFIX.length()) {
                continue;
            }
            String scope = name.substring(UNIFIED.length(), name.length() - STATUS_SUFFIX.length());
            if (NOT_WINDOWS.contains(scope)) {
                continue;
            }
            String prefix = UNIFIED + scope;
            found.add(new UnifiedWindow(scope, text(headers.first(name)), epochSeconds(headers.first(prefix + "-reset")),
                    fraction(headers.first(prefix + "-utilization"))));
        }
        found.sort(java.util.Comparator.comparing(UnifiedWindow::scope));
        return java.util.List.copyOf(found);
    }

    /** The rejected windows, sorted by scope. */
    public java.util.List<UnifiedWindow> rejectedWindows() {
        return windows.stream().filter(UnifiedWindow::rejected).toList();
    }

    /** True when any unified header was present (the aggregate or a window). */
    public boolean hasUnified() {
        return status != null || reset != null || remaining != null || fiveHourStatus != null || fiveHourReset != null
                || sevenDayStatus != null || sevenDayReset != null || representativeClaim != null || !windows.isEmpty();
    }

    /** True when any classic bucket header was present. */
    public boolean hasClassic() {
        return requestsRemaining != null || tokensRemaining != null;
    }

    /**
     * What to store for the account (null fields keep their stored value): the unified values when
     * present, else the classic remaining count. {@code limitedUntil} and its reason are not set here.
     */
    public RateLimitState toState(long now) {
        if (hasUnified()) {
            return new RateLimitState(status, reset, remaining, null, null, fiveHourStatus, fiveHourReset,
                    fiveHourUtilization, sevenDayStatus, sevenDayReset, sevenDayUtilization, representativeClaim, now, 0);
        }
        if (hasClassic()) {
            Long left = requestsRemaining != null ? requestsRemaining : tokensRemaining;
            return new RateLimitState(null, null, left, null, null, null, null, null, null, null, null, null, now, 0);
        }
        return RateLimitState.NONE;
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed.toLowerCase(Locale.ROOT);
    }

    private static Long integer(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (isDigits(trimmed)) {
            return Long.parseLong(trimmed);
        }
        try {
            return (long) Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Up to 18 ASCII digits: parses as a long without overflow or exceptions. */
    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Long epochSeconds(String value) {
        Long seconds = integer(value);
        return seconds == null || seconds <= 0 ? null : seconds * 1000;
    }

    private static Double fraction(String value) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long rfc3339(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code retry-after}: seconds (possibly fractional) or an HTTP date, as an absolute time. */
    static Long retryAfter(String value, long now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 || !Double.isFinite(seconds) ? null : now + (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
