package io.betterccflare.pricing;

import io.betterccflare.tokens.Usage;

/**
 * One model's prices in USD per million tokens. A null rate is unknown. {@code cacheWrite5m} is the
 * 5-minute cache write, {@code cacheWrite1h} the 1-hour one. Immutable.
 */
public record ModelPrice(Double input, Double output, Double cacheRead, Double cacheWrite5m, Double cacheWrite1h) {

    /** True when every rate is zero or unknown (free tiers are not useful prices). */
    boolean free() {
        return zero(input) && zero(output) && zero(cacheRead) && zero(cacheWrite5m) && zero(cacheWrite1h);
    }

    private static boolean zero(Double rate) {
        return rate == null || rate == 0;
    }

    /**
     * The cost of the usage in USD, or null when a rate that a non-zero count needs is unknown. Cache writes
     * reported with the 5-minute/1-hour split are priced at their own rates; any unsplit remainder at the
     * 5-minute rate.
     */
    public Double cost(Usage usage) {
        long created = usage.cacheCreationInputTokens();
        long oneHour = usage.cacheCreation1hInputTokens() == null ? 0 : Math.min(created, usage.cacheCreation1hInputTokens());
        long[] counts = {usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens(), created - oneHour, oneHour};
        Double[] rates = {input, output, cacheRead, cacheWrite5m, cacheWrite1h};
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                if (rates[i] == null) {
                    return null;
                }
                sum += counts[i] * rates[i];
            }
        }
        return sum / 1_000_000.0;
    }
}
