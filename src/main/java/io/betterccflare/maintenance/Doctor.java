package io.betterccflare.maintenance;

import io.betterccflare.config.Config;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --doctor} and {@code --doctor-full}: checks the database without opening it through the app (no
 * migration, no pool), so that a damaged file can still be examined. SQLite: {@code PRAGMA quick_check}
 * (quick) or {@code PRAGMA integrity_check} (full), plus size, free pages and modes. PostgreSQL: a round
 * trip, since the server keeps its own storage consistent. A passed check is recorded in
 * {@code integrity_checks} when the schema has it (newest 20 kept); a damaged file is never written to.
 * Stateless; one call per command.
 */
public final class Doctor {
    private static final int MAX_PROBLEMS = 20;

    /** The check's verdict and the lines to print. */
    public record Result(boolean healthy, List<String> lines) {
        public Result {
            lines = List.copyOf(lines);
        }
    }

    private final Config.Storage storage;
    private final Clock clock;

    public Doctor(Config.Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    public Result run(boolean full) {
        return storage.postgres() ? postgres() : sqlite(full);
    }

    private Result sqlite(boolean full) {
        Path file = storage.sqlitePath();
        List<String> lines = new ArrayList<>();
        lines.add("Database: " + file + " (SQLite)");
        if (!Files.isRegularFile(file)) {
            lines.add("✗ The database file does not exist");
            return new Result(false, lines);
        }
        String kind = full ? "integrity_check" : "quick_check";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            long pageSize = single(statement, "PRAGMA page_size");
            lines.add("Size: " + Files.size(file) + " bytes (" + single(statement, "PRAGMA page_count") + " pages of "
                    + pageSize + " bytes, " + single(statement, "PRAGMA freelist_count") * pageSize + " bytes free)");
            lines.add("Journal mode: " + text(statement, "PRAGMA journal_mode") + ", auto-vacuum: "
                    + List.of("none", "full", "incremental").get((int) single(statement, "PRAGMA auto_vacuum")));
            List<String> problems = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("PRAGMA " + kind + "(" + MAX_PROBLEMS + ")")) {
                while (rows.next()) {
                    problems.add(rows.getString(1));
                }
            }
            boolean ok = problems.equals(List.of("ok"));
            if (ok) {
                lines.add("✓ Integrity (" + kind + "): ok");
            } else {
                lines.add("✗ Integrity (" + kind + "): " + problems.size() + " problem(s)");
                problems.forEach(problem -> lines.add("  - " + problem));
                lines.add("Restore the newest " + file.getFileName() + ".pre-migration-*.bak next to it, or salvage"
                        + " what is readable with the sqlite3 shell's .recover command.");
            }
            if (ok) {
                // A damaged file is not written to: the record would risk what is still readable.
                record(connection, kind);
            }
            return new Result(ok, lines);
        } catch (SQLException | java.io.IOException e) {
            lines.add("✗ Cannot read the database: " + firstLine(e.getMessage()));
            return new Result(false, lines);
        }
    }

    private Result postgres() {
        List<String> lines = new ArrayList<>();
        try (Database database = Database.open(storage)) {
            lines.add("Database: " + database.description() + " (PostgreSQL)");
            return database.jdbi().withHandle(handle -> {
                try {
                    Connection connection = handle.getConnection();
                    try (Statement statement = connection.createStatement()) {
                        lines.add("Server: " + text(statement, "SHOW server_version") + ", database size "
                                + single(statement, "SELECT pg_database_size(current_database())") + " bytes");
                    }
                    lines.add("✓ Connection: ok (PostgreSQL checks its own storage; use amcheck to verify indexes)");
                    record(connection, "connection");
                    return new Result(true, lines);
                } catch (SQLException e) {
                    lines.add("✗ The database refused a query: " + firstLine(e.getMessage()));
                    return new Result(false, lines);
                }
            });
        } catch (StoreException e) {
            lines.add("✗ " + e.getMessage());
            return new Result(false, lines);
        }
    }

    /** Records a passed check. Best effort: a read-only database, or one made before V50, keeps no record. */
    private void record(Connection connection, String kind) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO integrity_checks (checked_at, kind, ok, result) VALUES (?, ?, ?, ?)");
             Statement prune = connection.createStatement()) {
            insert.setLong(1, clock.millis());
            insert.setString(2, kind);
            insert.setBoolean(3, true);
            insert.setString(4, "ok");
            insert.executeUpdate();
            prune.executeUpdate("DELETE FROM integrity_checks WHERE checked_at < (SELECT MIN(checked_at) FROM "
                    + "(SELECT checked_at FROM integrity_checks ORDER BY checked_at DESC LIMIT 20) newest)");
        } catch (SQLException e) {
            // Nothing to record into.
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
