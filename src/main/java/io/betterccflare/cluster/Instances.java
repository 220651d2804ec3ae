package io.betterccflare.cluster;

import io.betterccflare.store.Database;
import io.betterccflare.store.Leadership;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code instances} table: every running server upserts its row (id, version, host, pid, start time,
 * leadership) every {@link #HEARTBEAT_MS}; an instance whose row was not refreshed for {@link #LIVE_MS} is
 * not live (it crashed or lost the database) and its row is removed after {@link #FORGET_MS}. A clean stop
 * removes the row at once. Thread-safe: the heartbeat runs on the given scheduler, reads on any thread.
 */
public final class Instances implements AutoCloseable {
    static final long HEARTBEAT_MS = 5_000;
    static final long LIVE_MS = 15_000;
    static final long FORGET_MS = 3_600_000;
    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    /** One instance as its last heartbeat described it; times in epoch milliseconds. */
    public record Instance(String id, String version, String host, Long pid, long startedAt, long lastSeen,
                           boolean leader) {
    }

    private final Jdbi jdbi;
    private final String self;
    private final Leadership leadership;
    private final Clock clock;
    private final String version;
    private final long startedAt;
    private final String host = hostName();
    private volatile ScheduledFuture<?> heartbeat;

    public Instances(Database database, String version, Clock clock) {
        this.jdbi = database.jdbi();
        this.self = database.instanceId();
        this.leadership = database.leadership();
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    /** This instance's id. */
    public String self() {
        return self;
    }

    /** Writes this instance's row now, then every {@link #HEARTBEAT_MS} on {@code scheduler}. */
    public Instances start(ScheduledExecutorService scheduler) {
        beat();
        heartbeat = scheduler.scheduleWithFixedDelay(this::beatQuietly, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Instance heartbeat failed: {}", e.getMessage());
        }
    }

    void beat() {
        long now = clock.millis();
        long pid = ProcessHandle.current().pid();
        call("Writing the instance heartbeat", handle -> {
            handle.createUpdate("""
                    INSERT INTO instances (id, version, host, pid, started_at, last_seen, leader)
                    VALUES (:id, :version, :host, :pid, :startedAt, :now, :leader)
                    ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, leader = excluded.leader""")
                    .bind("id", self).bind("version", version).bind("host", host).bind("pid", pid)
                    .bind("startedAt", startedAt).bind("now", now).bind("leader", leadership.leader()).execute();
            return handle.createUpdate("DELETE FROM instances WHERE last_seen < :cutoff")
                    .bind("cutoff", now - FORGET_MS).execute();
        });
    }

    /** The live instances (heartbeat within {@link #LIVE_MS}), oldest first. */
    public List<Instance> live() {
        long now = clock.millis();
        return call("Reading instances", handle -> handle.createQuery("""
                        SELECT id, version, host, pid, started_at, last_seen, leader FROM instances
                        WHERE last_seen >= :cutoff ORDER BY started_at, id""")
                .bind("cutoff", now - LIVE_MS)
                .map((row, context) -> new Instance(row.getString("id"), row.getString("version"),
                        row.getString("host"), (Long) row.getObject("pid", Long.class), row.getLong("started_at"),
                        row.getLong("last_seen"), row.getBoolean("leader")))
                .list());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private <T> T call(String action, org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw StoreException.of(action, e);
        }
    }

    /** Stops the heartbeat and removes this instance's row (a clean stop is not a crash). */
    @Override
    public void close() {
        ScheduledFuture<?> running = heartbeat;
        if (running == null) {
            return;
        }
        running.cancel(false);
        try {
            call("Removing the instance row", handle -> handle.createUpdate("DELETE FROM instances WHERE id = :id")
                    .bind("id", self).execute());
        } catch (StoreException e) {
            LOG.warn("{}", e.getMessage());
        }
    }
}
