package io.betterccflare.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13: before migrations change an existing SQLite file, a consistent copy is written next to it with
 * {@code VACUUM INTO} ({@code <file>.pre-migration-<UTC time>.bak}); only the newest {@link #KEPT} copies
 * are kept. A new (empty) file and a file with nothing pending are not copied. A failed copy stops the
 * migration: the data is not changed without a way back. Stateless; called once per open.
 */
final class MigrationBackup {
    static final int KEPT = 3;
    static final String MARKER = ".pre-migration-";
    private static final Logger LOG = LoggerFactory.getLogger(MigrationBackup.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private MigrationBackup() {
    }

    static void beforeMigrating(Flyway flyway, DataSource dataSource, Path file) {
        if (flyway.info().pending().length == 0) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!hasTables(statement)) {
                return;
            }
            Path backup = file.resolveSibling(file.getFileName() + MARKER + STAMP.format(Instant.now()) + ".bak");
            statement.execute("VACUUM INTO '" + backup.toString().replace("'", "''") + "'");
            LOG.info("Backed up {} to {} before migrating", file, backup);
            prune(file);
        } catch (SQLException e) {
            throw new StoreException("Cannot back up " + file + " before migrating: " + Database.firstLine(e.getMessage()), e);
        }
    }

    private static boolean hasTables(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }

    /** Deletes all but the newest {@link #KEPT} backups of {@code file} (names sort by time). */
    static void prune(Path file) {
        String prefix = file.getFileName() + MARKER;
        Path dir = file.toAbsolutePath().getParent();
        try (Stream<Path> siblings = Files.list(dir)) {
            List<Path> backups = siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".bak")).sorted().toList();
            for (Path old : backups.subList(0, Math.max(0, backups.size() - KEPT))) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            LOG.warn("Could not prune old backups of {}: {}", file, e.getMessage());
        }
    }
}
