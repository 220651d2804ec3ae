package io.betterccflare.analytics;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An analytics window and its bucket size. Windows of a day or more are read from hourly roll-ups;
 * shorter ones from the rows themselves. Immutable.
 */
public enum Range {
    HOUR("1h", 3_600_000L, "1m", 60_000L),
    SIX_HOURS("6h", 6 * 3_600_000L, "5m", 300_000L),
    DAY("24h", 24 * 3_600_000L, "1h", 3_600_000L),
    WEEK("7d", 7 * 24 * 3_600_000L, "1h", 3_600_000L),
    MONTH("30d", 30 * 24 * 3_600_000L, "1d", 24 * 3_600_000L);

    final String label;
    final long windowMs;
    final String bucket;
    final long bucketMs;

    Range(String label, long windowMs, String bucket, long bucketMs) {
        this.label = label;
        this.windowMs = windowMs;
        this.bucket = bucket;
        this.bucketMs = bucketMs;
    }

    boolean fromRollups() {
        return bucketMs >= 3_600_000L;
    }

    static Range parse(String raw) {
        for (Range range : values()) {
            if (range.label.equals(raw)) {
                return range;
            }
        }
        throw new IllegalArgumentException("range must be one of: " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(range -> range.label).collect(Collectors.joining(", "));
    }
}
