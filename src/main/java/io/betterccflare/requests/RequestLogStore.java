package io.betterccflare.requests;

import static io.betterccflare.store.Columns.doubleOrNull;
import static io.betterccflare.store.Columns.longOrNull;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Reads and writes {@code requests}, {@code request_payloads} and the hourly {@code request_rollups}.
 * A batch write is one transaction: rows that are new are inserted with their payloads and added to the
 * roll-ups, so the roll-ups always match the rows. Thread-safe.
 */
public final class RequestLogStore {
    static final long HOUR_MS = 3_600_000L;

    private final Jdbi jdbi;

    public RequestLogStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A row and its payload JSON (null when payloads are not stored). */
    record Row(RequestRecord record, String payloadJson) {
    }

    /** A stored request with its account's current name (null when none or deleted). */
    public record Stored(RequestRecord record, String accountName) {
    }

    /** A stored payload with the request's account name. */
    public record StoredPayload(String id, String json, String accountName) {
    }

    /** Inserts the rows that are not stored yet; returns how many were new. */
    int write(List<Row> rows) {
        return call("Writing the request log", handle -> handle.inTransaction(tx -> {
            PreparedBatch insert = tx.prepareBatch("""
                    INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, error_message,
                        response_time_ms, failover_attempts, model, prompt_tokens, completion_tokens, total_tokens,
                        cost_usd, output_tokens_per_second, input_tokens, cache_read_input_tokens,
                        cache_creation_input_tokens, output_tokens, agent_used, accounts_tried,
                        cache_creation_5m_input_tokens, cache_creation_1h_input_tokens, is_stream, api_key_id, api_key_name)
                    VALUES (:id, :timestamp, :method, :path, :accountUsed, :statusCode, :success, :errorMessage,
                        :responseTimeMs, :failoverAttempts, :model, :promptTokens, :completionTokens, :totalTokens,
                        :costUsd, :tokensPerSecond, :inputTokens, :cacheReadInputTokens,
                        :cacheCreationInputTokens, :outputTokens, :agentUsed, :accountsTried,
                        :cacheCreation5mInputTokens, :cacheCreation1hInputTokens, :stream, :apiKeyId, :apiKeyName)
                    ON CONFLICT (id) DO NOTHING""");
            for (Row row : rows) {
                insert.bindMethods(row.record()).add();
            }
            int[] counts = insert.execute();
            List<Row> inserted = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    inserted.add(rows.get(i));
                }
            }
            writePayloads(tx, inserted);
            writeRollups(tx, inserted);
            return inserted.size();
        }));
    }

    private static void writePayloads(Handle tx, List<Row> rows) {
        PreparedBatch batch = tx.prepareBatch("INSERT INTO request_payloads (id, json) VALUES (:id, :json) ON CONFLICT (id) DO NOTHING");
        int size = 0;
        for (Row row : rows) {
            if (row.payloadJson() != null) {
                batch.bind("id", row.record().id()).bind("json", row.payloadJson()).add();
                size++;
            }
        }
        if (size > 0) {
            batch.execute();
        }
    }

    private static void writeRollups(Handle tx, List<Row> rows) {
        Map<RollupKey, Rollup> rollups = new LinkedHashMap<>();
        for (Row row : rows) {
            RequestRecord r = row.record();
            RollupKey key = new RollupKey(r.timestamp() / HOUR_MS * HOUR_MS,
                    r.accountUsed() == null ? "" : r.accountUsed(), r.model() == null ? "" : r.model(), r.success());
            rollups.computeIfAbsent(key, k -> new Rollup()).add(r);
        }
        if (rollups.isEmpty()) {
            return;
        }
        PreparedBatch batch = tx.prepareBatch("""
                INSERT INTO request_rollups (bucket_ts, account_key, model_key, success, requests, response_time_sum,
                    response_time_count, response_time_max, total_tokens, input_tokens, cache_read_input_tokens,
                    cache_creation_input_tokens, output_tokens, cost_usd, tps_sum, tps_count, tps_min, tps_max)
                VALUES (:bucket, :account, :model, :success, :requests, :rtSum, :rtCount, :rtMax, :totalTokens,
                    :inputTokens, :cacheRead, :cacheCreation, :outputTokens, :cost, :tpsSum, :tpsCount, :tpsMin, :tpsMax)
                ON CONFLICT (bucket_ts, account_key, model_key, success) DO UPDATE SET
                    requests = request_rollups.requests + excluded.requests,
                    response_time_sum = request_rollups.response_time_sum + excluded.response_time_sum,
                    response_time_count = request_rollups.response_time_count + excluded.response_time_count,
                    response_time_max = CASE WHEN request_rollups.response_time_max IS NULL
                        OR excluded.response_time_max > request_rollups.response_time_max
                        THEN excluded.response_time_max ELSE request_rollups.response_time_max END,
                    total_tokens = request_rollups.total_tokens + excluded.total_tokens,
                    input_tokens = request_rollups.input_tokens + excluded.input_tokens,
                    cache_read_input_tokens = request_rollups.cache_read_input_tokens + excluded.cache_read_input_tokens,
                    cache_creation_input_tokens = request_rollups.cache_creation_input_tokens + excluded.cache_creation_input_tokens,
                    output_tokens = request_rollups.output_tokens + excluded.output_tokens,
                    cost_usd = request_rollups.cost_usd + excluded.cost_usd,
                    tps_sum = request_rollups.tps_sum + excluded.tps_sum,
                    tps_count = request_rollups.tps_count + excluded.tps_count,
                    tps_min = CASE WHEN request_rollups.tps_min IS NULL OR excluded.tps_min < request_rollups.tps_min
                        THEN excluded.tps_min ELSE request_rollups.tps_min END,
                    tps_max = CASE WHEN request_rollups.tps_max IS NULL OR excluded.tps_max > request_rollups.tps_max
                        THEN excluded.tps_max ELSE request_rollups.tps_max END""");
        rollups.forEach((key, rollup) -> batch
                .bind("bucket", key.bucket()).bind("account", key.account()).bind("model", key.model())
                .bind("success", key.success()).bind("requests", rollup.requests)
                .bind("rtSum", rollup.responseTimeSum).bind("rtCount", rollup.responseTimeCount)
                .bind("rtMax", rollup.responseTimeMax).bind("totalTokens", rollup.totalTokens)
                .bind("inputTokens", rollup.inputTokens).bind("cacheRead", rollup.cacheRead)
                .bind("cacheCreation", rollup.cacheCreation).bind("outputTokens", rollup.outputTokens)
                .bind("cost", rollup.cost).bind("tpsSum", rollup.tpsSum).bind("tpsCount", rollup.tpsCount)
                .bind("tpsMin", rollup.tpsMin).bind("tpsMax", rollup.tpsMax).add());
        batch.execute();
    }

    private record RollupKey(long bucket, String account, String model, boolean success) {
    }

    /** Sums for one roll-up key within a batch. */
    private static final class Rollup {
        long requests;
        long responseTimeSum;
        long responseTimeCount;
        Long responseTimeMax;
        long totalTokens;
        long inputTokens;
        long cacheRead;
        long cacheCreation;
        long outputTokens;
        double cost;
        double tpsSum;
        long tpsCount;
        Double tpsMin;
        Double tpsMax;

        void add(RequestRecord r) {
            requests++;
            if (r.responseTimeMs() != null) {
                responseTimeSum += r.responseTimeMs();
                responseTimeCount++;
                responseTimeMax = responseTimeMax == null ? r.responseTimeMs() : Math.max(responseTimeMax, r.responseTimeMs());
            }
            totalTokens += zero(r.totalTokens());
            inputTokens += zero(r.inputTokens());
            cacheRead += zero(r.cacheReadInputTokens());
            cacheCreation += zero(r.cacheCreationInputTokens());
            outputTokens += zero(r.outputTokens());
            cost += r.costUsd() == null ? 0 : r.costUsd();
            Double tps = r.tokensPerSecond();
            if (tps != null) {
                tpsSum += tps;
                tpsCount++;
                tpsMax = tpsMax == null ? tps : Math.max(tpsMax, tps);
                if (tps > 0) {
                    tpsMin = tpsMin == null ? tps : Math.min(tpsMin, tps);
                }
            }
        }

        private static long zero(Long value) {
            return value == null ? 0 : value;
        }
    }

    /** Newest first. */
    public List<Stored> recent(int limit) {
        return call("Reading requests", handle -> handle.createQuery("""
                        SELECT r.*, a.name AS account_name FROM requests r LEFT JOIN accounts a ON a.id = r.account_used
                        ORDER BY r.timestamp DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((row, ctx) -> new Stored(map(row), row.getString("account_name"))).list());
    }

    /** Newest first, only the requests sent with the API key whose id or name is {@code apiKey}. */
    public List<Stored> recentByApiKey(int limit, String apiKey) {
        return call("Reading requests", handle -> handle.createQuery("""
                        SELECT r.*, a.name AS account_name FROM requests r LEFT JOIN accounts a ON a.id = r.account_used
                        WHERE r.api_key_id = :key OR r.api_key_name = :key
                        ORDER BY r.timestamp DESC LIMIT :limit""")
                .bind("limit", limit).bind("key", apiKey)
                .map((row, ctx) -> new Stored(map(row), row.getString("account_name"))).list());
    }

    /** Newest first, only requests with a payload. */
    public List<StoredPayload> recentPayloads(int limit) {
        return call("Reading request payloads", handle -> handle.createQuery("""
                        SELECT r.id, p.json, a.name AS account_name FROM requests r
                        JOIN request_payloads p ON p.id = r.id
                        LEFT JOIN accounts a ON a.id = r.account_used
                        ORDER BY r.timestamp DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((row, ctx) -> new StoredPayload(row.getString("id"), row.getString("json"), row.getString("account_name")))
                .list());
    }

    public Optional<String> payload(String id) {
        return call("Reading a request payload", handle -> handle.createQuery("SELECT json FROM request_payloads WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    public long count() {
        return call("Counting requests", handle -> handle.createQuery("SELECT COUNT(*) FROM requests").mapTo(Long.class).one());
    }

    /** Deletes every request, payload and roll-up (stats reset, clear history); returns the rows removed. */
    public int deleteAll() {
        return call("Clearing the request log", handle -> handle.inTransaction(tx -> {
            tx.execute("DELETE FROM request_payloads");
            tx.execute("DELETE FROM request_rollups");
            return tx.execute("DELETE FROM requests");
        }));
    }

    /**
     * Keeps the roll-ups in step after retention deleted the requests older than {@code requestCutoffMs}:
     * drops the roll-ups of every hour up to the cutoff's and rebuilds that hour from the rows that remain.
     * Call inside the transaction that deleted the rows.
     */
    public static void trimRollups(Handle tx, long requestCutoffMs) {
        long hour = requestCutoffMs / HOUR_MS * HOUR_MS;
        tx.createUpdate("DELETE FROM request_rollups WHERE bucket_ts <= :hour").bind("hour", hour).execute();
        tx.createUpdate("""
                INSERT INTO request_rollups (bucket_ts, account_key, model_key, success, requests, response_time_sum,
                    response_time_count, response_time_max, total_tokens, input_tokens, cache_read_input_tokens,
                    cache_creation_input_tokens, output_tokens, cost_usd, tps_sum, tps_count, tps_min, tps_max)
                SELECT :hour, COALESCE(account_used, ''), COALESCE(model, ''), COALESCE(success, FALSE),
                    COUNT(*), COALESCE(SUM(response_time_ms), 0), COUNT(response_time_ms), MAX(response_time_ms),
                    COALESCE(SUM(total_tokens), 0), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),
                    COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0),
                    COALESCE(SUM(output_tokens_per_second), 0), COUNT(output_tokens_per_second),
                    MIN(CASE WHEN output_tokens_per_second > 0 THEN output_tokens_per_second END), MAX(output_tokens_per_second)
                FROM requests WHERE timestamp >= :hour AND timestamp < :next
                GROUP BY COALESCE(account_used, ''), COALESCE(model, ''), COALESCE(success, FALSE)""")
                .bind("hour", hour).bind("next", hour + HOUR_MS).execute();
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    static RequestRecord map(ResultSet row) throws SQLException {
        Object stream = row.getObject("is_stream");
        return new RequestRecord(
                row.getString("id"),
                row.getLong("timestamp"),
                row.getString("method"),
                row.getString("path"),
                row.getString("account_used"),
                (Integer) (row.getObject("status_code") == null ? null : row.getInt("status_code")),
                row.getBoolean("success"),
                row.getString("error_message"),
                longOrNull(row, "response_time_ms"),
                row.getInt("failover_attempts"),
                row.getString("model"),
                longOrNull(row, "prompt_tokens"),
                longOrNull(row, "completion_tokens"),
                longOrNull(row, "total_tokens"),
                doubleOrNull(row, "cost_usd"),
                longOrNull(row, "input_tokens"),
                longOrNull(row, "cache_read_input_tokens"),
                longOrNull(row, "cache_creation_input_tokens"),
                longOrNull(row, "cache_creation_5m_input_tokens"),
                longOrNull(row, "cache_creation_1h_input_tokens"),
                longOrNull(row, "output_tokens"),
                row.getString("agent_used"),
                doubleOrNull(row, "output_tokens_per_second"),
                row.getString("accounts_tried"),
                stream != null && row.getBoolean("is_stream"),
                row.getString("api_key_id"),
                row.getString("api_key_name"));
    }
}
