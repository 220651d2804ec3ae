/**
 * Housekeeping: retention cleanup of request rows and payloads (at start, daily and on demand),
 * database compaction, and the {@code --analyze} database health report, on SQLite and PostgreSQL.
 */
package io.betterccflare.maintenance;
