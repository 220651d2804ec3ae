package io.betterccflare.maintenance;

import io.betterccflare.store.Database;

/**
 * Compaction and freed-space release. On SQLite, {@link #compact} checkpoints the WAL, runs {@code VACUUM}
 * (which also switches an older file to incremental auto-vacuum) and checkpoints again with
 * {@code TRUNCATE}: in WAL mode the vacuumed copy is written to the WAL, and the main file only shrinks
 * when that copy is checkpointed (issue 13: the first compaction used to leave the file full size).
 * On PostgreSQL, {@code VACUUM (ANALYZE)} of our tables. Both run outside a transaction and may take a
 * while on a large database (SQLite blocks writers meanwhile). Thread-safe.
 */
public final class DatabaseMaintenance {
    static final String[] TABLES = {"accounts", "requests", "request_payloads", "oauth_sessions", "agent_preferences", "strategies"};

    private final Database database;

    public DatabaseMaintenance(Database database) {
        this.database = database;
    }

    public void compact() {
        switch (database.dialect()) {
            case SQLITE -> database.execute("PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA auto_vacuum = INCREMENTAL",
                    "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)");
            case POSTGRES -> database.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
        }
    }

    /**
     * After large deletes (stats reset, retention): on SQLite gives the freed pages back to the file system
     * ({@code incremental_vacuum}, effective on incremental auto-vacuum files) and truncates the WAL; on
     * PostgreSQL nothing (autovacuum reuses the space).
     */
    public void releaseFreePages() {
        if (database.dialect() == Database.Dialect.SQLITE) {
            database.execute("PRAGMA incremental_vacuum", "PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}
