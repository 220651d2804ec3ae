package io.betterccflare.access;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A key's optional limits; null (or an empty model list) means no limit. {@code allowedModels} are patterns where
 * {@code *} matches any run of characters ({@code claude-sonnet-*}); {@code maxConcurrent} counts requests in
 * flight, {@code rpm} requests started in the last 60 s, {@code tokensPer5h}/{@code tokensPerDay} the total tokens
 * of the key's logged requests in the last 5 hours / 24 hours; {@code expiresAt} is epoch milliseconds.
 * Immutable; the compact constructor refuses values below 1 with an {@link IllegalArgumentException}.
 */
public record KeyLimits(List<String> allowedModels, Integer maxConcurrent, Integer rpm, Long tokensPer5h,
                        Long tokensPerDay, Long expiresAt) {
    public static final KeyLimits NONE = new KeyLimits(List.of(), null, null, null, null, null);

    public KeyLimits {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        for (String pattern : allowedModels) {
            if (pattern.isBlank()) {
                throw new IllegalArgumentException("allowedModels must not contain empty patterns");
            }
        }
        positive("maxConcurrent", maxConcurrent);
        positive("rpm", rpm);
        positive("tokensPer5h", tokensPer5h);
        positive("tokensPerDay", tokensPerDay);
    }

    private static void positive(String field, Number value) {
        if (value != null && value.longValue() < 1) {
            throw new IllegalArgumentException(field + " must be a positive integer");
        }
    }

    /** True when {@code model} matches one of the patterns, or when there are none. */
    public boolean allows(String model) {
        if (allowedModels.isEmpty()) {
            return true;
        }
        if (model == null) {
            return false;
        }
        for (String pattern : allowedModels) {
            String regex = String.join(".*", java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
            if (Pattern.matches(regex, model)) {
                return true;
            }
        }
        return false;
    }

    /** True when admitting a request must count it in the store (concurrency or requests per minute). */
    boolean counted() {
        return maxConcurrent != null || rpm != null;
    }
}
