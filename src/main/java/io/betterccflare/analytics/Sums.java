package io.betterccflare.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Additive aggregates of a set of request rows: counts, sums, min/max. Read from one SQL group and merged
 * in Java. Mutable; confined to one request's thread.
 */
final class Sums {
    long requests;
    long successes;
    long responseTimeSum;
    long responseTimeCount;
    long totalTokens;
    long inputTokens;
    long cacheReadInputTokens;
    long cacheCreationInputTokens;
    long outputTokens;
    double costUsd;
    double tpsSum;
    long tpsCount;
    Double tpsMin;
    Double tpsMax;

    /** Reads the standard aggregate columns of a row; {@code success} says whether the group succeeded. */
    static Sums read(ResultSet row, boolean success) throws SQLException {
        Sums sums = new Sums();
        sums.requests = row.getLong("requests");
        sums.successes = success ? sums.requests : 0;
        sums.responseTimeSum = row.getLong("response_time_sum");
        sums.responseTimeCount = row.getLong("response_time_count");
        sums.totalTokens = row.getLong("total_tokens");
        sums.inputTokens = row.getLong("input_tokens");
        sums.cacheReadInputTokens = row.getLong("cache_read_input_tokens");
        sums.cacheCreationInputTokens = row.getLong("cache_creation_input_tokens");
        sums.outputTokens = row.getLong("output_tokens");
        sums.costUsd = row.getDouble("cost_usd");
        sums.tpsSum = row.getDouble("tps_sum");
        sums.tpsCount = row.getLong("tps_count");
        double min = row.getDouble("tps_min");
        sums.tpsMin = row.wasNull() ? null : min;
        double max = row.getDouble("tps_max");
        sums.tpsMax = row.wasNull() ? null : max;
        return sums;
    }

    Sums add(Sums other) {
        requests += other.requests;
        successes += other.successes;
        responseTimeSum += other.responseTimeSum;
        responseTimeCount += other.responseTimeCount;
        totalTokens += other.totalTokens;
        inputTokens += other.inputTokens;
        cacheReadInputTokens += other.cacheReadInputTokens;
        cacheCreationInputTokens += other.cacheCreationInputTokens;
        outputTokens += other.outputTokens;
        costUsd += other.costUsd;
        tpsSum += other.tpsSum;
        tpsCount += other.tpsCount;
        if (other.tpsMin != null) {
            tpsMin = tpsMin == null ? other.tpsMin : Math.min(tpsMin, other.tpsMin);
        }
        if (other.tpsMax != null) {
            tpsMax = tpsMax == null ? other.tpsMax : Math.max(tpsMax, other.tpsMax);
        }
        return this;
    }

    double successRate() {
        return requests == 0 ? 0 : successes * 100.0 / requests;
    }

    double errorRate() {
        return requests == 0 ? 0 : (requests - successes) * 100.0 / requests;
    }

    double avgResponseTime() {
        return responseTimeCount == 0 ? 0 : (double) responseTimeSum / responseTimeCount;
    }

    Double avgTokensPerSecond() {
        return tpsCount == 0 ? null : tpsSum / tpsCount;
    }

    double cacheHitRate() {
        long denominator = inputTokens + cacheReadInputTokens + cacheCreationInputTokens;
        return denominator == 0 ? 0 : cacheReadInputTokens * 100.0 / denominator;
    }

    /** Σ input + output + cache read + cache creation (the /api/stats definition). */
    long splitTokens() {
        return inputTokens + outputTokens + cacheReadInputTokens + cacheCreationInputTokens;
    }
}
