package io.betterccflare.access;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows down guessing: after {@value #MAX_FAILURES} wrong keys from one address within a minute, further attempts
 * from it are refused (429 with {@code Retry-After}) until that minute is over. In memory, per instance.
 * Thread-safe.
 */
final class FailureThrottle {
    static final int MAX_FAILURES = 10;
    static final long WINDOW_MS = 60_000L;
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startedAt, int failures) {
    }

    FailureThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    long blockedSeconds(String address) {
        Window window = windows.get(address);
        long now = clock.millis();
        if (window == null || window.failures() < MAX_FAILURES || now - window.startedAt() >= WINDOW_MS) {
            return 0;
        }
        return Math.max(1, (window.startedAt() + WINDOW_MS - now + 999) / 1000);
    }

    void failed(String address) {
        long now = clock.millis();
        if (windows.size() > MAX_TRACKED) {
            windows.values().removeIf(window -> now - window.startedAt() >= WINDOW_MS);
        }
        windows.compute(address, (ignored, window) -> window == null || now - window.startedAt() >= WINDOW_MS
                ? new Window(now, 1) : new Window(window.startedAt(), window.failures() + 1));
    }
}
