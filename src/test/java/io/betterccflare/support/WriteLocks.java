package io.betterccflare.support;

import io.betterccflare.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;

/**
 * Locks taken by "another process" to keep the product's writers waiting, for the tests of what it does
 * while its database is locked: nothing lost, nothing blocked on the request path. Closing releases the lock.
 */
public final class WriteLocks {
    private WriteLocks() {
    }

    /** SQLite's write lock on {@code file} ({@code BEGIN IMMEDIATE} on a connection of its own). */
    public static AutoCloseable sqlite(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
            connection.close();
        };
    }

    /** A PostgreSQL table lock ({@code LOCK TABLE table IN mode MODE}) held by a transaction of its own. */
    public static AutoCloseable postgres(Database database, String table, String mode) {
        Handle handle = database.jdbi().open();
        handle.begin();
        handle.execute("LOCK TABLE " + table + " IN " + mode + " MODE");
        return () -> {
            handle.rollback();
            handle.close();
        };
    }
}
