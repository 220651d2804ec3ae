package io.betterccflare.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.betterccflare.server.Json;
import io.betterccflare.store.Columns;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code api_keys}, {@code api_key_sessions} and {@code api_key_admissions} tables (migration V58), and the
 * per-key reads of the request log. Admissions are counted in one transaction that holds the key's row lock on
 * PostgreSQL ({@code SELECT ... FOR UPDATE}) and the database write lock on SQLite, so that instances sharing a
 * database never admit more than a limit between them. Thread-safe.
 */
final class ApiKeyStore {
    /** An open admission older than this is from an instance that died; it no longer counts. */
    static final long STALE_ADMISSION_MS = 3_600_000L;
    private static final long MINUTE_MS = 60_000L;

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    ApiKeyStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /** A key with the hash of its secret. */
    record Stored(ApiKey key, String hash) {
    }

    /** The counts that decided an admission: requests in flight, started in the last minute, and the oldest of those. */
    record Counts(long open, long lastMinute, Long oldestInMinute) {
    }

    List<Stored> all() {
        return call("Reading API keys", handle -> handle.createQuery("SELECT * FROM api_keys ORDER BY created_at, name")
                .map((row, ctx) -> new Stored(map(row), row.getString("key_hash"))).list());
    }

    void insert(ApiKey key, String hash) {
        call("Storing an API key", handle -> handle.createUpdate("""
                        INSERT INTO api_keys (id, name, key_hash, prefix_last_8, role, created_at, allowed_models,
                            max_concurrent, rpm, tokens_per_5h, tokens_per_day, expires_at)
                        VALUES (:id, :name, :hash, :prefix, :role, :createdAt, :models, :maxConcurrent, :rpm,
                            :tokensPer5h, :tokensPerDay, :expiresAt)""")
                .bind("id", key.id()).bind("name", key.name()).bind("hash", hash).bind("prefix", key.prefixLast8())
                .bind("role", key.role().id()).bind("createdAt", key.createdAt())
                .bindMap(limitColumns(key.limits()))
                .execute());
    }

    void update(ApiKey key) {
        call("Updating an API key", handle -> handle.createUpdate("""
                        UPDATE api_keys SET role = :role, allowed_models = :models, max_concurrent = :maxConcurrent,
                            rpm = :rpm, tokens_per_5h = :tokensPer5h, tokens_per_day = :tokensPerDay, expires_at = :expiresAt
                        WHERE id = :id""")
                .bind("id", key.id()).bind("role", key.role().id()).bindMap(limitColumns(key.limits())).execute());
    }

    void delete(String id) {
        call("Revoking an API key", handle -> handle.createUpdate("DELETE FROM api_keys WHERE id = :id").bind("id", id).execute());
    }

    void insertSession(String tokenHash, String keyId, long createdAt, long expiresAt) {
        call("Opening a session", handle -> handle.inTransaction(tx -> {
            tx.createUpdate("DELETE FROM api_key_sessions WHERE expires_at <= :now").bind("now", createdAt).execute();
            return tx.createUpdate("""
                            INSERT INTO api_key_sessions (token_hash, key_id, created_at, expires_at)
                            VALUES (:hash, :key, :created, :expires)""")
                    .bind("hash", tokenHash).bind("key", keyId).bind("created", createdAt).bind("expires", expiresAt)
                    .execute();
        }));
    }

    /** The key id of an unexpired session. */
    Optional<String> sessionKey(String tokenHash, long now) {
        return call("Reading a session", handle -> handle.createQuery(
                        "SELECT key_id FROM api_key_sessions WHERE token_hash = :hash AND expires_at > :now")
                .bind("hash", tokenHash).bind("now", now).mapTo(String.class).findOne());
    }

    void deleteSession(String tokenHash) {
        call("Closing a session", handle -> handle.createUpdate("DELETE FROM api_key_sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash).execute());
    }

    /**
     * Counts the key's admissions and, when {@code admit} says so for those counts, records a new open one with
     * {@code admissionId}; all in one transaction. Returns the counts seen before the new admission.
     */
    Counts admit(String keyId, String admissionId, long now, java.util.function.Predicate<Counts> admit) {
        return call("Counting API key requests", handle -> handle.inTransaction(tx -> {
            if (dialect == Database.Dialect.POSTGRES) {
                tx.createQuery("SELECT id FROM api_keys WHERE id = :id FOR UPDATE").bind("id", keyId).mapTo(String.class).findOne();
            }
            tx.createUpdate("""
                            DELETE FROM api_key_admissions WHERE key_id = :id
                            AND admitted_at <= :minuteAgo AND (NOT open OR admitted_at <= :staleBefore)""")
                    .bind("id", keyId).bind("minuteAgo", now - MINUTE_MS).bind("staleBefore", now - STALE_ADMISSION_MS)
                    .execute();
            Counts counts = tx.createQuery("""
                            SELECT COALESCE(SUM(CASE WHEN open AND admitted_at > :staleBefore THEN 1 ELSE 0 END), 0) AS open_count,
                                COALESCE(SUM(CASE WHEN admitted_at > :minuteAgo THEN 1 ELSE 0 END), 0) AS minute_count,
                                MIN(CASE WHEN admitted_at > :minuteAgo THEN admitted_at END) AS oldest
                            FROM api_key_admissions WHERE key_id = :id""")
                    .bind("id", keyId).bind("minuteAgo", now - MINUTE_MS).bind("staleBefore", now - STALE_ADMISSION_MS)
                    .map((row, ctx) -> new Counts(row.getLong("open_count"), row.getLong("minute_count"),
                            Columns.longOrNull(row, "oldest")))
                    .one();
            if (admit.test(counts)) {
                tx.createUpdate("INSERT INTO api_key_admissions (id, key_id, admitted_at, open) VALUES (:id, :key, :at, TRUE)")
                        .bind("id", admissionId).bind("key", keyId).bind("at", now).execute();
            }
            return counts;
        }));
    }

    void release(String admissionId) {
        call("Releasing an API key request", handle -> handle.createUpdate(
                "UPDATE api_key_admissions SET open = FALSE WHERE id = :id").bind("id", admissionId).execute());
    }

    /** The key's logged total tokens since {@code sinceMs} (exclusive) and the oldest such request's time. */
    long[] tokensSince(String keyId, long sinceMs) {
        return call("Summing API key tokens", handle -> handle.createQuery("""
                        SELECT COALESCE(SUM(total_tokens), 0) AS tokens, MIN(timestamp) AS oldest
                        FROM requests WHERE api_key_id = :id AND timestamp > :since AND total_tokens IS NOT NULL""")
                .bind("id", keyId).bind("since", sinceMs)
                .map((row, ctx) -> new long[] {row.getLong("tokens"), row.getLong("oldest")}).one());
    }

    /** Requests per key id, from the request log. */
    Map<String, ApiKeyUsage> usage() {
        return call("Reading API key usage", handle -> {
            Map<String, ApiKeyUsage> usage = new HashMap<>();
            handle.createQuery("""
                            SELECT api_key_id, COUNT(*) AS requests, MAX(timestamp) AS last_used FROM requests
                            WHERE api_key_id IS NOT NULL GROUP BY api_key_id""")
                    .map((row, ctx) -> usage.put(row.getString("api_key_id"),
                            new ApiKeyUsage(row.getLong("requests"), Columns.longOrNull(row, "last_used"))))
                    .list();
            return usage;
        });
    }

    private static Map<String, Object> limitColumns(KeyLimits limits) {
        Map<String, Object> columns = new HashMap<>();
        try {
            columns.put("models", limits.allowedModels().isEmpty() ? null : Json.MAPPER.writeValueAsString(limits.allowedModels()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write model patterns", e);
        }
        columns.put("maxConcurrent", limits.maxConcurrent());
        columns.put("rpm", limits.rpm());
        columns.put("tokensPer5h", limits.tokensPer5h());
        columns.put("tokensPerDay", limits.tokensPerDay());
        columns.put("expiresAt", limits.expiresAt());
        return columns;
    }

    private static ApiKey map(ResultSet row) throws SQLException {
        String models = row.getString("allowed_models");
        List<String> patterns;
        try {
            patterns = models == null ? List.of() : Json.MAPPER.readValue(models, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("api_keys.allowed_models is not a JSON array of strings", e);
        }
        Long maxConcurrent = Columns.longOrNull(row, "max_concurrent");
        Long rpm = Columns.longOrNull(row, "rpm");
        return new ApiKey(row.getString("id"), row.getString("name"), row.getString("prefix_last_8"),
                Role.parse(row.getString("role")), row.getLong("created_at"),
                new KeyLimits(patterns, maxConcurrent == null ? null : maxConcurrent.intValue(),
                        rpm == null ? null : rpm.intValue(), Columns.longOrNull(row, "tokens_per_5h"),
                        Columns.longOrNull(row, "tokens_per_day"), Columns.longOrNull(row, "expires_at")));
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
