package io.betterccflare.store;

import io.betterccflare.encryption.EncryptionException;
import io.betterccflare.encryption.EncryptionKey;
import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SecretField} columns in the state the configured key asks for (issue 15 part 5).
 *
 * <p>At every open ({@link #open}): the {@code encryption_state} row names the key the database is sealed with.
 * No key configured and a row present (or a sealed account credential, as in a restored backup) stops the open;
 * a row naming another key stops it too. A key configured and no row: every clear value in every secret column is
 * sealed and the row written, in one transaction under the cluster lock {@code secrets-at-rest}, so two instances
 * starting together convert once and a failure leaves the database as it was. A key and a matching row: the
 * small tables are swept for clear values (written by an instance that ran without the key).
 *
 * <p>{@link #convert} re-seals everything from the current key to another, or back to clear, the same way.
 *
 * <p>SQLite keeps old page images in free pages and in the WAL: a conversion runs with {@code secure_delete} on,
 * checkpoints the WAL with {@code TRUNCATE} afterwards, and converts the pre-migration backups next to the file
 * (then {@code VACUUM}s them), so no clear copy stays in any of our files. PostgreSQL keeps dead row versions
 * until vacuum reuses their space (see the README). Stateless; the lock and the transaction make it safe to call
 * from several processes at once.
 */
public final class SecretsAtRest {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsAtRest.class);
    private static final String LOCK = "secrets-at-rest";
    /** How long an instance waits for another one's conversion (a large payload table takes a while). */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(30);
    private static final int PAGE = 32;
    private static final List<String> SMALL_TABLES = List.of("accounts", "account_proxies", "oauth_sessions");

    /** What a conversion did: the keys (null for clear), how many values changed, which backups were converted. */
    public record Conversion(String fromKeyId, String toKeyId, int values, List<Path> backups) {
        public Conversion {
            backups = List.copyOf(backups);
        }
    }

    private SecretsAtRest() {
    }

    /** Checks and converts at open; returns the cipher the stores of {@code database} use. */
    static FieldCipher open(Database database, EncryptionKey key, Path sqliteFile) {
        FieldCipher cipher = FieldCipher.of(key);
        return database.locks().exclusive(LOCK, LOCK_WAIT, () -> {
            String stored = storedKeyId(database.jdbi());
            if (key == null) {
                if (stored == null) {
                    stored = sealedAccountKeyId(database.jdbi());
                }
                if (stored != null) {
                    throw new EncryptionException("it holds secrets encrypted with key " + stored + " and no encryption key"
                            + " is configured (set BETTER_CCFLARE_ENCRYPTION_KEY or BETTER_CCFLARE_ENCRYPTION_KEY_FILE)");
                }
                return cipher;
            }
            if (stored != null && !stored.equals(key.id())) {
                throw new EncryptionException("it is encrypted with key " + stored + ", not with the configured key "
                        + key.id() + " (BETTER_CCFLARE_ENCRYPTION_KEY or BETTER_CCFLARE_ENCRYPTION_KEY_FILE)");
            }
            List<SecretField> fields = stored == null ? List.of(SecretField.values())
                    : SMALL_TABLES.stream().flatMap(table -> SecretField.of(table).stream()).toList();
            int sealed = convertDatabase(database, cipher, cipher, fields);
            if (stored == null || sealed > 0) {
                LOG.info("Encrypted {} stored secret(s) with key {}", sealed, key.id());
            }
            if (stored == null) {
                convertBackups(database, sqliteFile, cipher, cipher);
            }
            return cipher;
        });
    }

    /**
     * Re-seals every secret value of {@code database} from its current cipher to {@code next} (null: store them
     * clear again), with the state row, in one transaction; then the SQLite backups. Values that do not open with
     * the current key stop the conversion before anything is written. Returns what changed.
     */
    public static Conversion convert(Database database, EncryptionKey next, Path sqliteFile) {
        FieldCipher from = database.cipher();
        FieldCipher to = FieldCipher.of(next);
        return database.locks().exclusive(LOCK, LOCK_WAIT, () -> {
            int values;
            try {
                values = convertDatabase(database, from, to, List.of(SecretField.values()));
            } catch (EncryptionException e) {
                throw new StoreException("Nothing was converted: " + e.getMessage(), null);
            }
            List<Path> backups = convertBackups(database, sqliteFile, from, to);
            database.useCipher(to);
            return new Conversion(from.keyId(), to.keyId(), values, backups);
        });
    }

    private static int convertDatabase(Database database, FieldCipher from, FieldCipher to, List<SecretField> fields) {
        boolean sqlite = database.dialect() == Database.Dialect.SQLITE;
        int changed;
        try {
            changed = database.jdbi().withHandle(handle -> convert(handle, from, to, fields, sqlite));
        } catch (JdbiException e) {
            throw StoreException.of("Encrypting the stored secrets failed", e);
        }
        if (sqlite && changed > 0) {
            // The old page images may still sit in the WAL: copy the new ones into the file and empty it.
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return changed;
    }

    /** One transaction: every value of {@code fields} re-sealed from {@code from} to {@code to}, and the state row. */
    private static int convert(Handle handle, FieldCipher from, FieldCipher to, List<SecretField> fields, boolean sqlite) {
        if (sqlite) {
            // Freed cells and pages are zeroed, so the clear values an update replaces leave no trace in the file.
            handle.execute("PRAGMA secure_delete = ON");
        }
        try {
            return handle.inTransaction(tx -> {
                int changed = 0;
                Map<String, List<SecretField>> byTable = new LinkedHashMap<>();
                fields.forEach(field -> byTable.computeIfAbsent(field.table(), t -> new ArrayList<>()).add(field));
                for (var table : byTable.entrySet()) {
                    changed += convertTable(tx, table.getKey(), table.getValue(), from, to);
                }
                if (to.sealing()) {
                    tx.createUpdate("""
                            INSERT INTO encryption_state (singleton, key_id, changed_at) VALUES (1, :key, :now)
                            ON CONFLICT (singleton) DO UPDATE SET key_id = excluded.key_id, changed_at = excluded.changed_at
                            WHERE encryption_state.key_id <> excluded.key_id""")
                            .bind("key", to.keyId()).bind("now", System.currentTimeMillis()).execute();
                } else {
                    tx.execute("DELETE FROM encryption_state");
                }
                return changed;
            });
        } finally {
            if (sqlite) {
                handle.execute("PRAGMA secure_delete = OFF");
            }
        }
    }

    /** Walks {@code table} by its row key, {@value #PAGE} rows at a time, and rewrites the values not yet in {@code to}'s form. */
    private static int convertTable(Handle tx, String table, List<SecretField> fields, FieldCipher from, FieldCipher to) {
        String key = fields.getFirst().idColumn();
        String columns = String.join(", ", fields.stream().map(SecretField::column).toList());
        String assignments = String.join(", ", fields.stream().map(f -> f.column() + " = :" + f.column()).toList());
        int changed = 0;
        String after = "";
        while (true) {
            List<Map<String, String>> rows = tx.createQuery("SELECT " + key + ", " + columns + " FROM " + table
                            + " WHERE " + key + " > :after ORDER BY " + key + " LIMIT " + PAGE)
                    .bind("after", after)
                    .map((row, ctx) -> {
                        Map<String, String> values = new LinkedHashMap<>();
                        values.put(key, row.getString(key));
                        for (SecretField field : fields) {
                            values.put(field.column(), row.getString(field.column()));
                        }
                        return values;
                    }).list();
            for (Map<String, String> row : rows) {
                String id = row.get(key);
                Map<String, String> next = new LinkedHashMap<>();
                for (SecretField field : fields) {
                    String stored = row.get(field.column());
                    next.put(field.column(), target(field, id, stored, from, to));
                }
                if (!next.equals(without(row, key))) {
                    var update = tx.createUpdate("UPDATE " + table + " SET " + assignments + " WHERE " + key + " = :rowKey")
                            .bind("rowKey", id);
                    next.forEach(update::bind);
                    update.execute();
                    for (SecretField field : fields) {
                        if (!java.util.Objects.equals(next.get(field.column()), row.get(field.column()))) {
                            changed++;
                        }
                    }
                }
            }
            if (rows.size() < PAGE) {
                return changed;
            }
            after = rows.getLast().get(key);
        }
    }

    /** The value {@code stored} becomes: kept when already in {@code to}'s form, otherwise opened and re-sealed. */
    private static String target(SecretField field, String id, String stored, FieldCipher from, FieldCipher to) {
        if (stored == null) {
            return null;
        }
        boolean sealed = FieldCipher.sealed(stored);
        if (to.sealing() ? sealed && stored.startsWith(FieldCipher.PREFIX + to.keyId() + ":") : !sealed) {
            return stored;
        }
        return to.seal(field, id, from.open(field, id, stored));
    }

    private static Map<String, String> without(Map<String, String> row, String column) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.remove(column);
        return copy;
    }

    private static String storedKeyId(Jdbi jdbi) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT key_id FROM encryption_state WHERE singleton = 1")
                    .mapTo(String.class).findOne().orElse(null));
        } catch (JdbiException e) {
            throw StoreException.of("Reading the encryption state failed", e);
        }
    }

    /** The key id of a sealed account credential, or null: a database restored from a backup may lack the state row. */
    private static String sealedAccountKeyId(Jdbi jdbi) {
        try {
            String sealed = jdbi.withHandle(handle -> handle.createQuery("""
                            SELECT COALESCE(api_key, '') || ' ' || COALESCE(refresh_token, '') || ' ' || COALESCE(access_token, '')
                            FROM accounts WHERE api_key LIKE :p OR refresh_token LIKE :p OR access_token LIKE :p LIMIT 1""")
                    .bind("p", FieldCipher.PREFIX + "%").mapTo(String.class).findOne().orElse(null));
            if (sealed == null) {
                return null;
            }
            int start = sealed.indexOf(FieldCipher.PREFIX) + FieldCipher.PREFIX.length();
            return sealed.substring(start, sealed.indexOf(':', start));
        } catch (JdbiException e) {
            throw StoreException.of("Reading the accounts failed", e);
        }
    }

    /**
     * Converts each {@code <file>.pre-migration-*.bak} next to a SQLite database the same way (adding the state
     * table it may lack, so a restored backup names its key), then rewrites it with {@code VACUUM}. A backup that
     * cannot be converted (another key, damaged) is left as it is, with a warning.
     */
    private static List<Path> convertBackups(Database database, Path sqliteFile, FieldCipher from, FieldCipher to) {
        if (database.dialect() != Database.Dialect.SQLITE || sqliteFile == null) {
            return List.of();
        }
        String prefix = sqliteFile.getFileName() + MigrationBackup.MARKER;
        List<Path> backups;
        try (Stream<Path> siblings = Files.list(sqliteFile.toAbsolutePath().getParent())) {
            backups = siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".bak")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Could not list the backups of {}: {}", sqliteFile, e.getMessage());
            return List.of();
        }
        List<Path> converted = new ArrayList<>();
        for (Path backup : backups) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + backup);
                 Handle handle = Jdbi.open(connection)) {
                handle.execute(stateTableDdl());
                // A backup made before a migration lacks the tables that migration added.
                List<String> tables = handle.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                        .mapTo(String.class).list();
                convert(handle, from, to, java.util.Arrays.stream(SecretField.values())
                        .filter(field -> tables.contains(field.table())).toList(), true);
                handle.execute("VACUUM");
                converted.add(backup);
            } catch (SQLException | JdbiException | EncryptionException e) {
                LOG.warn("Backup {} was not converted and keeps its secrets as they were: {}", backup,
                        e instanceof EncryptionException ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        return converted;
    }

    /** The V62 migration, which creates the state table; a backup made before it lacks the table. */
    private static String stateTableDdl() {
        try (InputStream in = SecretsAtRest.class.getResourceAsStream("/db/migration/sqlite/V62__encryption_state.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("The V62 migration is missing from the build", e);
        }
    }
}
