package io.betterccflare.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Text charts drawn with block characters: sparklines ({@code ▁▂▃▄▅▆▇█}) and horizontal bars, plus the
 * resampling that fits a time series into a given number of columns. Stateless and thread-safe.
 */
final class Charts {
    private static final char[] LEVELS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Charts() {
    }

    /** How several source points merge into one column. */
    enum Merge { SUM, MEAN }

    /** One character per value, scaled from zero to the maximum; all-zero input is a flat baseline. */
    static String sparkline(List<Double> values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        StringBuilder line = new StringBuilder(values.size());
        for (double value : values) {
            if (max <= 0 || value <= 0) {
                line.append(' ');
            } else {
                int level = (int) Math.ceil(value / max * LEVELS.length) - 1;
                line.append(LEVELS[Math.max(0, Math.min(LEVELS.length - 1, level))]);
            }
        }
        return line.toString();
    }

    /** A bar of {@code width} columns filled in proportion to {@code value / max} ({@code █} filled, {@code ░} empty). */
    static String bar(double value, double max, int width) {
        if (width <= 0) {
            return "";
        }
        int filled = max <= 0 || value <= 0 ? 0 : (int) Math.round(Math.min(1, value / max) * width);
        if (max > 0 && value > 0 && filled == 0) {
            filled = 1;
        }
        return "█".repeat(filled) + "░".repeat(width - filled);
    }

    /**
     * Fits {@code values} into at most {@code width} columns: unchanged when they fit, else consecutive groups
     * merged by {@code merge} (the last column may hold fewer points). Mean ignores zeros (empty buckets).
     */
    static List<Double> resample(List<Double> values, int width, Merge merge) {
        if (width <= 0) {
            return List.of();
        }
        if (values.size() <= width) {
            return List.copyOf(values);
        }
        int group = (values.size() + width - 1) / width;
        List<Double> merged = new ArrayList<>();
        for (int start = 0; start < values.size(); start += group) {
            double sum = 0;
            int counted = 0;
            for (int i = start; i < Math.min(values.size(), start + group); i++) {
                double value = values.get(i);
                sum += value;
                if (value != 0) {
                    counted++;
                }
            }
            merged.add(merge == Merge.SUM ? sum : counted == 0 ? 0 : sum / counted);
        }
        return merged;
    }
}
