package io.betterccflare.proxy;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per upstream origin ({@code scheme://host:port}), most recently used
 * first. A connection idle for {@link #MAX_IDLE_MS} or more, or one the upstream closed (or wrote to
 * unasked) while it sat here, is closed instead of handed out; at most {@link #MAX_IDLE} are kept in all.
 * Thread-safe: lock-free deques and counters.
 */
final class ConnectionPool implements AutoCloseable {
    static final long MAX_IDLE_MS = 20_000;
    static final int MAX_IDLE = 512;

    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    ConnectionPool(Clock clock) {
        this.clock = clock;
    }

    /** A live idle connection to {@code origin}, or null when there is none. */
    UpstreamConnection take(String origin) {
        ConcurrentLinkedDeque<UpstreamConnection> connections = idle.get(origin);
        if (connections == null) {
            return null;
        }
        long now = clock.millis();
        UpstreamConnection connection;
        while ((connection = connections.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (fresh(connection, now) && connection.reusable()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** Takes back a connection whose response was read to its end and that the upstream keeps open. */
    void release(UpstreamConnection connection) {
        long now = clock.millis();
        ConcurrentLinkedDeque<UpstreamConnection> connections = idle.computeIfAbsent(connection.origin(),
                origin -> new ConcurrentLinkedDeque<>());
        UpstreamConnection oldest;
        while ((oldest = connections.peekLast()) != null && !fresh(oldest, now)) {
            if (connections.removeLastOccurrence(oldest)) {
                idleCount.decrementAndGet();
                oldest.close();
            }
        }
        if (closed || idleCount.incrementAndGet() > MAX_IDLE) {
            idleCount.decrementAndGet();
            connection.close();
            return;
        }
        connection.idle(now);
        connections.offerFirst(connection);
        if (closed && connections.remove(connection)) {
            connection.close();
        }
    }

    private static boolean fresh(UpstreamConnection connection, long now) {
        long idleFor = now - connection.idleSince();
        return idleFor >= 0 && idleFor < MAX_IDLE_MS;
    }

    @Override
    public void close() {
        closed = true;
        for (ConcurrentLinkedDeque<UpstreamConnection> connections : idle.values()) {
            UpstreamConnection connection;
            while ((connection = connections.pollFirst()) != null) {
                connection.close();
            }
        }
    }
}
