package io.betterccflare.store;

import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Named locks that hold across every instance of one database: on PostgreSQL a transaction-scoped advisory
 * lock ({@code pg_advisory_xact_lock}) keyed by the schema and the name, so two deployments in two schemas
 * never block each other; on SQLite (one instance) the body simply runs, and callers keep their own
 * in-process single-flight. The lock is released when the body returns or throws, and by the server when
 * the holder's connection dies (a killed instance never leaves it held). Thread-safe.
 */
public final class ClusterLocks {
    private final Jdbi jdbi;

    ClusterLocks(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs {@code body} while holding the cluster-wide lock {@code name}, waiting at most {@code wait} for it.
     * Holds one pooled connection (idle in a transaction) for the duration; the body uses others. A wait that
     * runs out is a {@link StoreException}; the body's own exceptions pass through unchanged.
     */
    public <T> T exclusive(String name, Duration wait, Supplier<T> body) {
        if (jdbi == null) {
            return body.get();
        }
        // A handle of its own (not jdbi.inTransaction): Jdbi lends a callback's handle to nested calls on the
        // same thread, and the body's writes must commit on their own, not with this lock's transaction.
        try (Handle lock = jdbi.open()) {
            lock.begin();
            try {
                lock.execute("SET LOCAL lock_timeout = '" + Math.max(1, wait.toMillis()) + "ms'");
                lock.createQuery("""
                        SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || :name, 0))) held""")
                        .bind("name", name).mapTo(Integer.class).one();
            } catch (JdbiException e) {
                lock.rollback();
                throw StoreException.of("Waiting for the cluster lock '" + name + "' failed", e);
            }
            try {
                return body.get();
            } finally {
                lock.rollback();
            }
        } catch (JdbiException e) {
            throw StoreException.of("Releasing the cluster lock '" + name + "' failed", e);
        }
    }
}
