package io.betterccflare.maintenance;

import io.betterccflare.store.Database;

/**
 * Compaction: on SQLite a {@code wal_checkpoint(TRUNCATE)} then {@code VACUUM}; on PostgreSQL
 * {@code VACUUM (ANALYZE)} of our tables. Both run outside a transaction and may take a while on a
 * large database (SQLite blocks writers meanwhile). Thread-safe.
 */
public final class DatabaseMaintenance {
    static final String[] TABLES = {"accounts", "requests", "request_payloads", "oauth_sessions", "agent_preferences", "strategies"};

    private final Database database;

    public DatabaseMaintenance(Database database) {
        this.database = database;
    }

    public void compact() {
        switch (database.dialect()) {
            case SQLITE -> database.execute("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM");
            case POSTGRES -> database.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
        }
    }
}
