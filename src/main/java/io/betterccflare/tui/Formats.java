package io.betterccflare.tui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The terminal UI's number, time and text formats (reference-surface §8.5): cost {@code $x.xxxx}, tokens with
 * thousands separators, durations {@code Nms / N.Ns / N.Nm / N.Nh}, speeds {@code N.N tok/s}. Stateless and
 * thread-safe; the zone is given, never read from the machine here.
 */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Formats() {
    }

    static String cost(double usd) {
        return String.format(Locale.ROOT, "$%.4f", usd);
    }

    static String tokens(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Compact counts for tight columns: {@code 950}, {@code 12.3K}, {@code 4.5M}. */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1fB", value / 1_000_000_000);
        }
        if (abs >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (abs >= 1_000) {
            return String.format(Locale.ROOT, "%.1fK", value / 1_000);
        }
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String duration(double ms) {
        if (ms < 1_000) {
            return Math.round(ms) + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1_000);
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%.1fm", ms / 60_000);
        }
        return String.format(Locale.ROOT, "%.1fh", ms / 3_600_000);
    }

    static String speed(Double tokensPerSecond) {
        return tokensPerSecond == null ? "-" : String.format(Locale.ROOT, "%.1f tok/s", tokensPerSecond);
    }

    static String percent(double value) {
        return value == Math.rint(value) ? (long) value + "%" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** Uptime as {@code 1d 02:03:04} or {@code 02:03:04}. */
    static String uptime(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        return days > 0 ? days + "d " + clock : clock;
    }

    static String time(long epochMs, ZoneId zone) {
        return TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    /** An ISO instant from the API as local {@code HH:mm:ss}; the raw text when it does not parse, {@code -} when null. */
    static String time(String iso, ZoneId zone) {
        Instant instant = instant(iso);
        return instant == null ? (iso == null ? "-" : iso) : TIME.format(instant.atZone(zone));
    }

    static String dateTime(String iso, ZoneId zone) {
        Instant instant = instant(iso);
        return instant == null ? (iso == null ? "-" : iso) : DATE_TIME.format(instant.atZone(zone));
    }

    static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Cuts {@code text} to {@code width} columns, ending with {@code …} when cut; control characters become spaces. */
    static String fit(String text, int width) {
        if (width <= 0 || text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\p{Cntrl}]", " ");
        return clean.length() <= width ? clean : clean.substring(0, Math.max(0, width - 1)) + "…";
    }

    /** {@link #fit} then padded with spaces to exactly {@code width} columns. */
    static String pad(String text, int width) {
        String fitted = fit(text, width);
        return fitted + " ".repeat(Math.max(0, width - fitted.length()));
    }

    /** Right-aligned in {@code width} columns. */
    static String padLeft(String text, int width) {
        String fitted = fit(text, width);
        return " ".repeat(Math.max(0, width - fitted.length())) + fitted;
    }
}
