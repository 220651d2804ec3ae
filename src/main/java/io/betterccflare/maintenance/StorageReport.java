package io.betterccflare.maintenance;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * {@code GET /api/storage}: how big the database is and where the bytes are. SQLite: file and WAL sizes,
 * free pages, the auto-vacuum mode, and bytes per table (with its indexes) from {@code dbstat}.
 * PostgreSQL: {@code pg_total_relation_size} per table. Both: row counts, the payloads' share of the
 * table bytes, and the newest integrity check ({@code --doctor}). Thread-safe (stateless over the database).
 */
public final class StorageReport {
    private static final List<String> TABLES = List.of("requests", "request_payloads", "request_rollups", "accounts",
            "oauth_sessions", "integrity_checks");
    private static final String[] AUTO_VACUUM = {"none", "full", "incremental"};

    private final Database database;

    public StorageReport(Database database) {
        this.database = database;
    }

    /** The report as JSON-ready maps (sizes in bytes, {@code payloadShare} 0–1, times ISO-8601). */
    public Map<String, Object> report() {
        try {
            return database.jdbi().withHandle(this::report);
        } catch (JdbiException e) {
            throw new StoreException("Reading storage sizes failed: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> report(Handle handle) {
        boolean sqlite = database.dialect() == Database.Dialect.SQLITE;
        Map<String, Long> bytes = sqlite ? sqliteTableBytes(handle) : postgresTableBytes(handle);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dialect", sqlite ? "sqlite" : "postgresql");
        long tableTotal = 0;
        List<Map<String, Object>> tables = new ArrayList<>();
        for (String table : TABLES) {
            long size = bytes.getOrDefault(table, 0L);
            tableTotal += size;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", table);
            row.put("bytes", size);
            row.put("rows", handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            tables.add(row);
        }
        if (sqlite) {
            long pageSize = pragma(handle, "page_size");
            Path file = Path.of(database.description());
            body.put("fileBytes", size(file));
            body.put("walBytes", size(Path.of(file + "-wal")));
            body.put("freeBytes", pragma(handle, "freelist_count") * pageSize);
            body.put("autoVacuum", AUTO_VACUUM[(int) pragma(handle, "auto_vacuum")]);
        } else {
            body.put("databaseBytes", handle.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
        }
        body.put("tables", tables);
        long payloadBytes = bytes.getOrDefault("request_payloads", 0L);
        body.put("payloadShare", tableTotal == 0 ? 0.0 : (double) payloadBytes / tableTotal);
        body.put("lastIntegrityCheck", lastCheck(handle));
        return body;
    }

    private static Map<String, Object> lastCheck(Handle handle) {
        return handle.createQuery("SELECT checked_at, kind, ok, result FROM integrity_checks ORDER BY checked_at DESC LIMIT 1")
                .map((row, ctx) -> {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("checkedAt", Instant.ofEpochMilli(row.getLong("checked_at")).toString());
                    check.put("kind", row.getString("kind"));
                    check.put("ok", row.getBoolean("ok"));
                    check.put("result", row.getString("result"));
                    return check;
                }).findOne().orElse(null);
    }

    /** Bytes per table including its indexes, from the {@code dbstat} virtual table. */
    private static Map<String, Long> sqliteTableBytes(Handle handle) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        handle.createQuery("""
                        SELECT m.tbl_name AS table_name, SUM(s.pgsize) AS bytes
                        FROM dbstat s JOIN sqlite_master m ON m.name = s.name
                        GROUP BY m.tbl_name""")
                .map((row, ctx) -> Map.entry(row.getString("table_name"), row.getLong("bytes")))
                .forEach(entry -> bytes.put(entry.getKey(), entry.getValue()));
        return bytes;
    }

    private static Map<String, Long> postgresTableBytes(Handle handle) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String table : TABLES) {
            bytes.put(table, handle.createQuery("SELECT COALESCE(pg_total_relation_size(to_regclass(:table)), 0)")
                    .bind("table", table).mapTo(Long.class).findOne().orElse(0L));
        }
        return bytes;
    }

    private static long pragma(Handle handle, String name) {
        return handle.createQuery("PRAGMA " + name).mapTo(Long.class).one();
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
