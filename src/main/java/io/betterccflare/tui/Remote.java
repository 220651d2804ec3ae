package io.betterccflare.tui;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A value loaded from the API in the background: the last good snapshot, when it was loaded and whether a
 * load is running. One load at a time; a failed load keeps the previous snapshot. Thread-safe.
 *
 * @param <T> the immutable snapshot type
 */
final class Remote<T> {
    private final UiContext ui;
    private final String what;
    private final Supplier<T> fetch;
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile T value;
    private volatile long loadedAtMs = Long.MIN_VALUE;
    private volatile long attemptedAtMs = Long.MIN_VALUE;

    Remote(UiContext ui, String what, Supplier<T> fetch) {
        this.ui = ui;
        this.what = what;
        this.fetch = fetch;
    }

    /** Starts a load; when one is running, another follows it so the newest data is always fetched. */
    void refresh() {
        if (!loading.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        attemptedAtMs = ui.now();
        ui.background(what, () -> {
            try {
                value = fetch.get();
                loadedAtMs = ui.now();
            } finally {
                loading.set(false);
                if (again.getAndSet(false)) {
                    refresh();
                }
            }
        });
    }

    /** Reloads when the last attempt is older than {@code intervalMs}. */
    void refreshEvery(long intervalMs, long nowMs) {
        if (attemptedAtMs == Long.MIN_VALUE || nowMs - attemptedAtMs >= intervalMs) {
            refresh();
        }
    }

    /** The last good snapshot, or null before the first load finished. */
    T value() {
        return value;
    }

    boolean loading() {
        return loading.get();
    }

    long loadedAtMs() {
        return loadedAtMs;
    }
}
