package io.betterccflare.ratelimit;

import java.util.function.DoubleSupplier;

/**
 * When an overloaded (529) or transiently failing (500, 502, 503, 504) upstream answer is retried on the
 * same account before failing over (lessons-2026 §4, decision 16), and after how long. Driven by the
 * reference's {@code RETRY_ATTEMPTS} (attempts per account, the first included; at most
 * {@link #MAX_IN_PLACE_RETRIES} retries in place), {@code RETRY_DELAY_MS} (the first delay) and
 * {@code RETRY_BACKOFF} (the factor per retry). The upstream's {@code x-should-retry: false} forbids a
 * retry; its {@code retry-after-ms}, then {@code retry-after} (seconds), replace the computed delay, and a
 * wait longer than {@link #MAX_DELAY_MS} fails over at once instead. Computed delays lose up to a quarter
 * to jitter, so that clients retrying together spread out. Immutable; thread-safe when {@code random} is.
 *
 * @param random uniform values in [0, 1)
 */
public record RetryPolicy(int attempts, long delayMs, double backoff, DoubleSupplier random) {
    /** Retries in place per account, whatever {@code RETRY_ATTEMPTS} says. */
    public static final int MAX_IN_PLACE_RETRIES = 2;
    /** The longest wait before a retry in place. */
    public static final long MAX_DELAY_MS = 8_000;

    /** {@link #delayBefore}: do not retry in place. */
    public static final long NO_RETRY = -1;

    /**
     * How long to wait before retrying in place, or {@link #NO_RETRY}.
     *
     * @param retriesDone  retries already made on this account for this request
     * @param shouldRetry  the {@code x-should-retry} header, or null
     * @param retryAfterMs the {@code retry-after-ms} header, or null
     * @param retryAfter   the {@code retry-after} header (seconds), or null
     */
    public long delayBefore(int retriesDone, String shouldRetry, String retryAfterMs, String retryAfter) {
        if (retriesDone >= Math.min(MAX_IN_PLACE_RETRIES, attempts - 1)
                || (shouldRetry != null && "false".equalsIgnoreCase(shouldRetry.trim()))) {
            return NO_RETRY;
        }
        Long asked = millis(retryAfterMs, 1);
        if (asked == null) {
            asked = millis(retryAfter, 1_000);
        }
        if (asked != null) {
            return asked > MAX_DELAY_MS ? NO_RETRY : asked;
        }
        double base = delayMs * Math.pow(backoff, retriesDone);
        double jittered = base * (1 - 0.25 * random.getAsDouble());
        return Math.min(MAX_DELAY_MS, Math.max(0, Math.round(jittered)));
    }

    private static Long millis(String value, long unitMs) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            return Double.isFinite(parsed) && parsed >= 0 ? (long) Math.ceil(parsed * unitMs) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
