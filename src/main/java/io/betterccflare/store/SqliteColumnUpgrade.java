package io.betterccflare.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * SQLite migration 2: adds every column a database may lack, whether it was made by an older reference
 * release (which added columns one by one) or by our V1, which holds only the reference's tables.
 * Additive and idempotent. Run once by Flyway; not thread-safe, needs no thread-safety.
 */
final class SqliteColumnUpgrade implements JavaMigration {

    private record Column(String table, String name, String definition) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("accounts", "rate_limited_until", "INTEGER"),
            new Column("accounts", "session_start", "INTEGER"),
            new Column("accounts", "session_request_count", "INTEGER NOT NULL DEFAULT 0"),
            new Column("accounts", "paused", "BOOLEAN NOT NULL DEFAULT FALSE"),
            new Column("accounts", "rate_limit_reset", "INTEGER"),
            new Column("accounts", "rate_limit_status", "TEXT"),
            new Column("accounts", "rate_limit_remaining", "INTEGER"),
            new Column("accounts", "auto_fallback_enabled", "BOOLEAN NOT NULL DEFAULT FALSE"),
            new Column("accounts", "custom_endpoint", "TEXT"),
            new Column("accounts", "auto_refresh_enabled", "BOOLEAN NOT NULL DEFAULT FALSE"),
            new Column("accounts", "mode", "TEXT"),
            new Column("accounts", "email", "TEXT"),
            new Column("accounts", "requires_reauth", "BOOLEAN NOT NULL DEFAULT FALSE"),
            new Column("accounts", "rate_limited_reason", "TEXT"),
            new Column("accounts", "auth_failed_at", "INTEGER"),
            new Column("accounts", "auth_failure", "TEXT"),
            new Column("accounts", "consecutive_rate_limits", "INTEGER NOT NULL DEFAULT 0"),
            new Column("accounts", "rate_limit_5h_status", "TEXT"),
            new Column("accounts", "rate_limit_5h_reset", "INTEGER"),
            new Column("accounts", "rate_limit_5h_utilization", "REAL"),
            new Column("accounts", "rate_limit_7d_status", "TEXT"),
            new Column("accounts", "rate_limit_7d_reset", "INTEGER"),
            new Column("accounts", "rate_limit_7d_utilization", "REAL"),
            new Column("accounts", "rate_limit_claim", "TEXT"),
            new Column("accounts", "rate_limit_updated_at", "INTEGER"),
            new Column("accounts", "usage_data", "TEXT"),
            new Column("accounts", "usage_updated_at", "INTEGER"),
            new Column("requests", "failover_attempts", "INTEGER NOT NULL DEFAULT 0"),
            new Column("requests", "model", "TEXT"),
            new Column("requests", "prompt_tokens", "INTEGER"),
            new Column("requests", "completion_tokens", "INTEGER"),
            new Column("requests", "total_tokens", "INTEGER"),
            new Column("requests", "cost_usd", "REAL"),
            new Column("requests", "output_tokens_per_second", "REAL"),
            new Column("requests", "input_tokens", "INTEGER"),
            new Column("requests", "cache_read_input_tokens", "INTEGER"),
            new Column("requests", "cache_creation_input_tokens", "INTEGER"),
            new Column("requests", "output_tokens", "INTEGER"),
            new Column("requests", "agent_used", "TEXT"),
            new Column("requests", "accounts_tried", "TEXT"),
            new Column("requests", "cache_creation_5m_input_tokens", "INTEGER"),
            new Column("requests", "cache_creation_1h_input_tokens", "INTEGER"),
            new Column("requests", "is_stream", "BOOLEAN"),
            new Column("oauth_sessions", "custom_endpoint", "TEXT"),
            new Column("oauth_sessions", "priority", "INTEGER"),
            new Column("oauth_sessions", "state", "TEXT"),
            new Column("oauth_sessions", "reauth_account_id", "TEXT"));

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "add missing columns";
    }

    @Override
    public Integer getChecksum() {
        return COLUMNS.hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (Column column : COLUMNS) {
                if (!columnsOf(connection, column.table()).contains(column.name())) {
                    statement.execute("ALTER TABLE " + column.table() + " ADD COLUMN " + column.name() + " " + column.definition());
                }
            }
        }
    }

    private static Set<String> columnsOf(Connection connection, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
        }
        return names;
    }
}
