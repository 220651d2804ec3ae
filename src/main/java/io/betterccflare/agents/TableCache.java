package io.betterccflare.agents;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * A small table read whole and kept in memory for the proxy's hot path: re-read when older than {@code ttlMs}
 * (so changes made by another instance on the same PostgreSQL show up within it) or after a local write
 * ({@link #invalidate}). Thread-safe: the value is published through a volatile field; two threads may load at
 * the same time, which is harmless.
 */
final class TableCache<T> {
    private record Entry<T>(T value, long loadedAtMs, long generation) {
    }

    private final Supplier<T> loader;
    private final Clock clock;
    private final long ttlMs;
    private volatile Entry<T> entry;
    private volatile long generation;

    TableCache(Supplier<T> loader, Clock clock, long ttlMs) {
        this.loader = loader;
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    T get() {
        Entry<T> current = entry;
        long now = clock.millis();
        if (current == null || current.generation() != generation || now - current.loadedAtMs() >= ttlMs) {
            long loading = generation;
            current = new Entry<>(loader.get(), now, loading);
            entry = current;
        }
        return current.value();
    }

    void invalidate() {
        generation++;
    }
}
