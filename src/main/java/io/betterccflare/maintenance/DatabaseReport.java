package io.betterccflare.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code --analyze} report: indexes per table, row counts, the timing and result of three probe
 * queries the dashboard depends on, then {@code ANALYZE} so the query planner has fresh statistics.
 * Works on SQLite and PostgreSQL. Thread-safe (stateless over the database).
 */
public final class DatabaseReport {
    private static final long DAY_MS = 24L * 3_600_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Database database;
    private final Jdbi jdbi;
    private final Clock clock;

    public DatabaseReport(Database database, Clock clock) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /** Runs the analysis and returns the report text (several lines, ending with a line break). */
    public String analyze() {
        try {
            return jdbi.withHandle(this::report);
        } catch (JdbiException e) {
            throw new StoreException("Database analysis failed: " + e.getMessage(), e);
        }
    }

    private String report(Handle handle) {
        StringBuilder out = new StringBuilder();
        out.append("=== Database Performance Analysis ===\n");
        out.append("Database: ").append(database.description())
                .append(database.dialect() == Database.Dialect.SQLITE ? " (SQLite)" : " (PostgreSQL)").append("\n\n");

        Map<String, List<String>> indexes = indexes(handle);
        out.append("Indexes:\n");
        indexes.forEach((table, names) -> {
            out.append("  ").append(table).append(":\n");
            names.forEach(name -> out.append("    - ").append(name).append('\n'));
        });

        out.append("\nRow counts:\n");
        for (String table : List.of("accounts", "requests", "request_payloads")) {
            long count = handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
            out.append("  ").append(table).append(": ").append(count).append('\n');
        }

        long since = clock.millis() - DAY_MS;
        out.append("\nQuery performance:\n");
        probe(out, handle, "Requests in the last 24 hours",
                "SELECT COUNT(*) AS count FROM requests WHERE timestamp > " + since);
        probe(out, handle, "Active (not paused) accounts",
                "SELECT COUNT(*) AS count FROM accounts WHERE paused = FALSE");
        probe(out, handle, "Top 5 models in the last 24 hours",
                "SELECT model, COUNT(*) AS count FROM requests WHERE timestamp > " + since
                        + " AND model IS NOT NULL GROUP BY model ORDER BY count DESC, model LIMIT 5");

        long started = System.nanoTime();
        if (database.dialect() == Database.Dialect.SQLITE) {
            handle.execute("ANALYZE");
        } else {
            handle.execute("ANALYZE " + String.join(", ", DatabaseMaintenance.TABLES));
        }
        out.append("\nANALYZE: planner statistics updated in ").append(millis(started)).append(" ms\n");

        out.append("\nIndex count per table:\n");
        indexes.forEach((table, names) -> out.append("  ").append(table).append(": ").append(names.size()).append('\n'));
        out.append("✓ Analysis complete\n");
        return out.toString();
    }

    private Map<String, List<String>> indexes(Handle handle) {
        String sql = database.dialect() == Database.Dialect.SQLITE
                ? "SELECT tbl_name AS table_name, name AS index_name FROM sqlite_master WHERE type = 'index' ORDER BY tbl_name, name"
                : "SELECT tablename AS table_name, indexname AS index_name FROM pg_indexes"
                        + " WHERE schemaname = current_schema() ORDER BY tablename, indexname";
        Map<String, List<String>> byTable = new TreeMap<>();
        handle.createQuery(sql).map((row, context) -> Map.entry(row.getString("table_name"), row.getString("index_name")))
                .forEach(entry -> byTable.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
        return byTable;
    }

    private static void probe(StringBuilder out, Handle handle, String title, String sql) {
        long started = System.nanoTime();
        List<Map<String, Object>> rows = handle.createQuery(sql).mapToMap().list();
        String elapsed = millis(started);
        List<Map<String, Object>> normalized = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>();
            row.forEach((key, value) -> copy.put(key.toLowerCase(Locale.ROOT), value));
            normalized.add(copy);
        }
        out.append("  ").append(title).append(": ").append(elapsed).append(" ms\n");
        out.append("    ").append(json(normalized)).append('\n');
    }

    private static String millis(long startedNanos) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startedNanos) / 1_000_000.0);
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
