package io.betterccflare.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance runs the once-per-cluster background jobs (usage polling, auto-refresh probes, background
 * token refresh, retention). On PostgreSQL the leader is the instance whose dedicated connection holds the
 * session advisory lock {@code <schema>:leader}; every instance tries for it every {@link #CHECK_MS}, and the
 * leader pings its connection as often. When the leader dies its connection closes, the server releases the
 * lock, and another instance takes over at its next try: within {@link #CHECK_MS} of the server noticing.
 * On SQLite the one instance is always the leader. Thread-safe: {@link #leader()} reads a volatile flag;
 * the connection and the task are guarded by {@code lock}.
 */
public final class Leadership implements AutoCloseable {
    /** How often followers try for the lock and the leader checks it still holds it, in milliseconds. */
    public static final long CHECK_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final ChangeSignal.Connector connector;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean leader;
    private Connection connection;
    private ScheduledFuture<?> task;

    Leadership(ChangeSignal.Connector connector) {
        this.connector = connector;
        this.leader = connector == null;
    }

    /** Whether this instance runs the cluster's background jobs now. */
    public boolean leader() {
        return leader;
    }

    /** Tries for leadership at once, then every {@link #CHECK_MS} on {@code scheduler}. Call once. */
    public Leadership start(ScheduledExecutorService scheduler) {
        lock.lock();
        try {
            if (connector != null && task == null) {
                check();
                task = scheduler.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
            }
            return this;
        } finally {
            lock.unlock();
        }
    }

    private void check() {
        lock.lock();
        try {
            if (connection == null) {
                connection = connector.open();
            }
            if (leader) {
                try (Statement ping = connection.createStatement()) {
                    ping.execute("SELECT 1");
                }
                return;
            }
            try (PreparedStatement attempt = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || ':leader', 0))");
                 ResultSet result = attempt.executeQuery()) {
                leader = result.next() && result.getBoolean(1);
            }
            if (leader) {
                LOG.info("This instance now runs the cluster's background jobs");
            }
        } catch (SQLException | RuntimeException e) {
            if (leader) {
                LOG.warn("Lost the connection that holds background-job leadership: {}", e.getMessage());
            }
            leader = false;
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already broken; the server releases the lock with it.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (task != null) {
                task.cancel(false);
            }
            if (connector != null) {
                leader = false;
                closeConnection();
            }
        } finally {
            lock.unlock();
        }
    }
}
