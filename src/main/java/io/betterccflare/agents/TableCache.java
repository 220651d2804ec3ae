package io.betterccflare.agents;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * A small table read whole and kept in memory for the proxy's hot path: re-read when older than {@code ttlMs}
 * (so changes made by another instance on the same PostgreSQL show up within it) or after a local write
 * ({@link #invalidate}). When a re-read fails, the last value is kept (and the read retried on the next call).
 * Thread-safe: the value is published through a volatile field; two threads may load at the same time, which is
 * harmless.
 */
final class TableCache<T> {
    private record Entry<T>(T value, long loadedAtMs, long generation) {
    }

    private final Supplier<T> loader;
    private final Clock clock;
    private final long ttlMs;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile Entry<T> entry;

    TableCache(Supplier<T> loader, Clock clock, long ttlMs) {
        this.loader = loader;
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    T get() {
        Entry<T> current = entry;
        long now = clock.millis();
        long wanted = generation.get();
        if (current == null || current.generation() != wanted || now - current.loadedAtMs() >= ttlMs) {
            T loaded;
            try {
                loaded = loader.get();
            } catch (RuntimeException e) {
                if (current == null) {
                    throw e;
                }
                return current.value();
            }
            current = new Entry<>(loaded, now, wanted);
            entry = current;
        }
        return current.value();
    }

    void invalidate() {
        generation.incrementAndGet();
    }
}
