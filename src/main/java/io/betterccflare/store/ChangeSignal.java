package io.betterccflare.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Shared state changed": the one signal by which a change to account state (an account added, removed,
 * paused, locked out, a session pinned, a token stored, or any table a feature adds) reaches every
 * instance. {@link #publish} bumps {@link #version()} at once and tells this process's listeners; on
 * PostgreSQL it also sends {@code NOTIFY} on a channel named after the schema, and a dedicated connection
 * per instance {@code LISTEN}s and feeds other instances' changes to the same version and listeners, in
 * milliseconds. When that connection drops, the version moves too (changes may have been missed), and
 * caches keep their own age cap as the safety net. On SQLite (one instance) the signal is in-process.
 *
 * <p>Payloads are {@code origin TAB topic TAB id} (at most 8000 bytes: PostgreSQL's limit). Events that
 * are not state ({@link #broadcast}, e.g. live request events) use a second channel and never move the
 * version. Thread-safe: listeners run on the publishing
 * thread (own changes) or on the listener thread (others'), and must be quick and never block.
 */
public final class ChangeSignal implements AutoCloseable {
    /** One change: who made it (an instance id), the topic ({@code accounts}, ...) and the row id (may be null). */
    public record Change(String origin, String topic, String id) {
        public Change {
            Objects.requireNonNull(origin, "origin == null");
            Objects.requireNonNull(topic, "topic == null");
        }
    }

    /** Opens the dedicated listening connection (PostgreSQL only). */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSignal.class);
    private static final long PING_MS = 10_000;
    private static final int MAX_PAYLOAD = 7_900;

    private final String origin;
    private final Jdbi jdbi;
    private final String channel;
    private final String eventChannel;
    private final Connector connector;
    private final AtomicLong version = new AtomicLong();
    private final CopyOnWriteArrayList<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread listener;

    private ChangeSignal(String origin, Jdbi jdbi, String channel, Connector connector) {
        this.origin = origin;
        this.jdbi = jdbi;
        this.channel = channel == null ? null : "bcf_changes_" + channel;
        this.eventChannel = channel == null ? null : "bcf_events_" + channel;
        this.connector = connector;
    }

    /** The in-process signal (SQLite: one instance per database file). */
    static ChangeSignal local(String origin) {
        return new ChangeSignal(origin, null, null, null);
    }

    /** The cluster signal on PostgreSQL; {@code schema} names the channel so schemas never hear each other. */
    static ChangeSignal postgres(String origin, Jdbi jdbi, String schema, Connector connector) {
        String suffix = schema.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return new ChangeSignal(origin, jdbi, suffix.substring(0, Math.min(50, suffix.length())), connector);
    }

    /** This instance's id: the origin of the changes it publishes. */
    public String origin() {
        return origin;
    }

    /** Grows with every change seen, this instance's or another's; a cache older than it is stale. */
    public long version() {
        return version.get();
    }

    /**
     * Tells every instance that {@code topic} (row {@code id}, may be null) changed. Call it after the
     * change is committed. On PostgreSQL this is one {@code pg_notify} round trip on a pooled connection; a
     * failure to notify is logged, not thrown (other instances still re-read by age).
     */
    public void publish(String topic, String id) {
        Change change = new Change(origin, topic, id);
        version.incrementAndGet();
        deliver(change);
        if (jdbi != null) {
            notifyCluster(channel, topic, List.of(change));
        }
    }

    /**
     * Sends events of {@code topic} (one per id, e.g. live request events) to the other instances' listeners
     * in one round trip. Events are not state: they do not move {@link #version()} anywhere, and this
     * instance's listeners do not get them. A no-op in-process; ids over the NOTIFY limit are skipped with
     * a warning.
     */
    public void broadcast(String topic, List<String> ids) {
        if (jdbi != null && !ids.isEmpty()) {
            notifyCluster(eventChannel, topic, ids.stream().map(id -> new Change(origin, topic, id)).toList());
        }
    }

    /** Adds a listener for every change (own and others'); the returned handle removes it. */
    public AutoCloseable subscribe(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether other instances can hear this one (PostgreSQL). */
    public boolean clustered() {
        return jdbi != null;
    }

    private void notifyCluster(String target, String topic, List<Change> changes) {
        List<String> payloads = new ArrayList<>(changes.size());
        for (Change change : changes) {
            String payload = change.origin() + '\t' + change.topic() + '\t' + (change.id() == null ? "" : change.id());
            if (payload.length() > MAX_PAYLOAD) {
                LOG.warn("A change on '{}' was not sent to other instances: {} characters is over the NOTIFY limit",
                        topic, payload.length());
            } else {
                payloads.add(payload);
            }
        }
        try {
            jdbi.useHandle(handle -> handle.createQuery(
                            "SELECT COUNT(*) FROM (SELECT pg_notify(:channel, payload) FROM unnest(:payloads) AS payload) sent")
                    .bind("channel", target).bindArray("payloads", String.class, payloads).mapTo(Integer.class).one());
        } catch (JdbiException e) {
            LOG.warn("Could not tell other instances about a change on '{}': {}", topic, e.getMessage());
        }
    }

    private void deliver(Change change) {
        for (Consumer<Change> each : listeners) {
            try {
                each.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("A change listener failed on '{}': {}", change.topic(), e.toString());
            }
        }
    }

    /** Starts listening to other instances (PostgreSQL); a no-op in-process or when already started. */
    public synchronized void start() {
        if (connector == null || listener != null) {
            return;
        }
        listener = Thread.ofPlatform().daemon().name("change-listener").start(this::listen);
    }

    private void listen() {
        boolean warned = false;
        while (closed.getCount() > 0) {
            try (Connection connection = connector.open(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN \"" + channel + "\"");
                statement.execute("LISTEN \"" + eventChannel + "\"");
                // Anything may have changed while this instance was not listening.
                version.incrementAndGet();
                if (warned) {
                    LOG.info("Listening to other instances again");
                    warned = false;
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                long pinged = System.nanoTime();
                while (closed.getCount() > 0) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            received(notification.getParameter(), notification.getName().equals(channel));
                        }
                    }
                    if (System.nanoTime() - pinged > TimeUnit.MILLISECONDS.toNanos(PING_MS)) {
                        // Keeps idle timeouts away and finds a dead connection.
                        statement.execute("SELECT 1");
                        pinged = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                version.incrementAndGet();
                if (!warned && closed.getCount() > 0) {
                    LOG.warn("Not listening to other instances' changes (retrying every second): {}", e.getMessage());
                    warned = true;
                }
                try {
                    closed.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void received(String payload, boolean state) {
        String[] parts = payload.split("\t", 3);
        if (parts.length < 2 || parts[0].equals(origin)) {
            return;
        }
        if (state) {
            version.incrementAndGet();
        }
        deliver(new Change(parts[0], parts[1], parts.length < 3 || parts[2].isEmpty() ? null : parts[2]));
    }

    @Override
    public void close() {
        closed.countDown();
        Thread running;
        synchronized (this) {
            running = listener;
        }
        if (running != null) {
            try {
                running.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
