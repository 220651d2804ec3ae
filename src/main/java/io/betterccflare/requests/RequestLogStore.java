package io.betterccflare.requests;

import static io.betterccflare.store.Columns.doubleOrNull;
import static io.betterccflare.store.Columns.longOrNull;

import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
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
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Reads and writes {@code requests}, {@code request_payloads} and the hourly {@code request_rollups}.
 * A batch write is one transaction: rows that are new are inserted with their payloads and added to the
 * roll-ups, so the roll-ups always match the rows. Each row records the instance that wrote it
 * ({@code instance_id}, see {@link Database#instanceId()}). Payloads are sealed with the database's cipher
 * ({@link Database#cipher()}) when written and opened when read. Thread-safe.
 */
public final class RequestLogStore {
    static final long HOUR_MS = 3_600_000L;

    private final Database database;
    private final String instanceId;

    public RequestLogStore(Database database) {
        this.database = database;
        this.instanceId = database.instanceId();
    }

    /** A row and its payload JSON (null when payloads are not stored). */
    record Row(RequestRecord record, String payloadJson) {
    }

    /**
     * A stored request with its account's current name (null when none or deleted) and its state:
     * {@code pending} (still running), {@code complete} or {@code interrupted}.
     */
    public record Stored(RequestRecord record, String accountName, String state) {
    }

    /** A stored payload with the request's account name. */
    public record StoredPayload(String id, String json, String accountName) {
    }

    /** A request that has started: stored as a {@code pending} row until it ends. */
    record Start(String id, long timestamp, String method, String path) {
    }

    /**
     * One transaction: inserts {@code started} as {@code pending} rows of {@code runId} (skipping ids already
     * stored), then stores {@code finished}: a pending row is completed, a missing one inserted complete, and a
     * row already complete or {@code interrupted} is left as it is. Only rows that became complete here get
     * their payload and enter the roll-ups, so the roll-ups always match the finished rows. Returns how many
     * rows became complete.
     */
    int write(String runId, List<Start> started, List<Row> finished) {
        return call("Writing the request log", handle -> handle.inTransaction(tx -> {
            if (!started.isEmpty()) {
                PreparedBatch pending = tx.prepareBatch("""
                        INSERT INTO requests (id, timestamp, method, path, failover_attempts, state, recorder_run, instance_id)
                        VALUES (:id, :timestamp, :method, :path, 0, 'pending', :run, :instanceId)
                        ON CONFLICT (id) DO NOTHING""");
                for (Start start : started) {
                    pending.bind("id", start.id()).bind("timestamp", start.timestamp()).bind("method", start.method())
                            .bind("path", start.path()).bind("run", runId).bind("instanceId", instanceId).add();
                }
                pending.execute();
            }
            if (finished.isEmpty()) {
                return 0;
            }
            PreparedBatch insert = tx.prepareBatch("""
                    INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, error_message,
                        response_time_ms, failover_attempts, model, prompt_tokens, completion_tokens, total_tokens,
                        cost_usd, output_tokens_per_second, input_tokens, cache_read_input_tokens,
                        cache_creation_input_tokens, output_tokens, agent_used, accounts_tried,
                        cache_creation_5m_input_tokens, cache_creation_1h_input_tokens, is_stream, original_model,
                        applied_model, api_key_id, api_key_name, state, recorder_run, instance_id)
                    VALUES (:id, :timestamp, :method, :path, :accountUsed, :statusCode, :success, :errorMessage,
                        :responseTimeMs, :failoverAttempts, :model, :promptTokens, :completionTokens, :totalTokens,
                        :costUsd, :tokensPerSecond, :inputTokens, :cacheReadInputTokens,
                        :cacheCreationInputTokens, :outputTokens, :agentUsed, :accountsTried,
                        :cacheCreation5mInputTokens, :cacheCreation1hInputTokens, :stream, :originalModel,
                        :appliedModel, :apiKeyId, :apiKeyName, 'complete', :run, :instanceId)
                    ON CONFLICT (id) DO UPDATE SET account_used = excluded.account_used,
                        status_code = excluded.status_code, success = excluded.success,
                        error_message = excluded.error_message, response_time_ms = excluded.response_time_ms,
                        failover_attempts = excluded.failover_attempts, model = excluded.model,
                        prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
                        total_tokens = excluded.total_tokens, cost_usd = excluded.cost_usd,
                        output_tokens_per_second = excluded.output_tokens_per_second,
                        input_tokens = excluded.input_tokens, cache_read_input_tokens = excluded.cache_read_input_tokens,
                        cache_creation_input_tokens = excluded.cache_creation_input_tokens,
                        output_tokens = excluded.output_tokens, agent_used = excluded.agent_used,
                        accounts_tried = excluded.accounts_tried,
                        cache_creation_5m_input_tokens = excluded.cache_creation_5m_input_tokens,
                        cache_creation_1h_input_tokens = excluded.cache_creation_1h_input_tokens,
                        is_stream = excluded.is_stream, original_model = excluded.original_model,
                        applied_model = excluded.applied_model, api_key_id = excluded.api_key_id,
                        api_key_name = excluded.api_key_name, instance_id = excluded.instance_id, state = 'complete'
                    WHERE requests.state = 'pending'""");
            for (Row row : finished) {
                insert.bindMethods(row.record()).bind("run", runId).bind("instanceId", instanceId).add();
            }
            List<Row> completed = changed(insert.execute(), finished);
            writePayloads(tx, completed);
            writeRollups(tx, completed);
            return completed.size();
        }));
    }

    /**
     * Marks {@code interrupted} every pending row whose run is no longer in {@code request_log_runs} (the
     * caller removed the runs of dead processes), and adds those rows to the roll-ups as failures. Safe to run
     * on several instances at once: a row changes state once. Returns how many rows were marked.
     */
    public int interruptOrphans(long now) {
        return call("Marking interrupted requests", handle -> handle.inTransaction(tx -> {
            List<RequestRecord> orphans = tx.createQuery("""
                            SELECT r.* FROM requests r WHERE r.state = 'pending'
                            AND NOT EXISTS (SELECT 1 FROM request_log_runs u WHERE u.id = r.recorder_run)""")
                    .map((row, ctx) -> interrupted(map(row), now)).list();
            if (orphans.isEmpty()) {
                return 0;
            }
            PreparedBatch update = tx.prepareBatch("""
                    UPDATE requests SET state = 'interrupted', success = FALSE, error_message = :errorMessage,
                        response_time_ms = :responseTimeMs
                    WHERE id = :id AND state = 'pending'""");
            List<Row> rows = new ArrayList<>(orphans.size());
            for (RequestRecord record : orphans) {
                update.bindMethods(record).add();
                rows.add(new Row(record, null));
            }
            List<Row> marked = changed(update.execute(), rows);
            writeRollups(tx, marked);
            return marked.size();
        }));
    }

    /** The error message of an interrupted row. */
    static final String INTERRUPTED = "Interrupted: the instance serving this request stopped before it ended";

    private static RequestRecord interrupted(RequestRecord r, long now) {
        return new RequestRecord(r.id(), r.timestamp(), r.method(), r.path(), r.accountUsed(), r.statusCode(), false,
                INTERRUPTED, Math.max(0, now - r.timestamp()), r.failoverAttempts(), r.model(), r.promptTokens(),
                r.completionTokens(), r.totalTokens(), r.costUsd(), r.inputTokens(), r.cacheReadInputTokens(),
                r.cacheCreationInputTokens(), r.cacheCreation5mInputTokens(), r.cacheCreation1hInputTokens(),
                r.outputTokens(), r.agentUsed(), r.tokensPerSecond(), r.accountsTried(), r.stream(), r.originalModel(),
                r.appliedModel(), r.apiKeyId(), r.apiKeyName());
    }

    private static List<Row> changed(int[] counts, List<Row> rows) {
        List<Row> changed = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                changed.add(rows.get(i));
            }
        }
        return changed;
    }

    /** Counts rows by state ({@code pending}, {@code complete}, {@code interrupted}). */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        call("Counting requests", handle -> handle.createQuery("SELECT state, COUNT(*) AS n FROM requests GROUP BY state")
                .map((row, ctx) -> Map.entry(row.getString("state"), row.getLong("n"))).list())
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Payloads are sealed here, on the writer thread, never on a request thread. */
    private void writePayloads(Handle tx, List<Row> rows) {
        FieldCipher cipher = database.cipher();
        PreparedBatch batch = tx.prepareBatch("INSERT INTO request_payloads (id, json) VALUES (:id, :json) ON CONFLICT (id) DO NOTHING");
        int size = 0;
        for (Row row : rows) {
            if (row.payloadJson() != null) {
                String id = row.record().id();
                batch.bind("id", id).bind("json", cipher.seal(SecretField.REQUEST_PAYLOAD, id, row.payloadJson())).add();
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
                .map((row, ctx) -> new Stored(map(row), row.getString("account_name"), row.getString("state"))).list());
    }

    /** Newest first among the rows {@code filter} selects, skipping {@code offset} of them. */
    List<Stored> search(RequestFilter filter, int limit, int offset) {
        return call("Reading requests", handle -> filter.bindTo(handle.createQuery(
                        "SELECT r.*, a.name AS account_name FROM requests r LEFT JOIN accounts a ON a.id = r.account_used "
                                + filter.where() + " ORDER BY r.timestamp DESC, r.id LIMIT :limit OFFSET :offset"))
                .bind("limit", limit).bind("offset", offset)
                .map((row, ctx) -> new Stored(map(row), row.getString("account_name"), row.getString("state"))).list());
    }

    /** How many rows {@code filter} selects in the whole log. */
    long count(RequestFilter filter) {
        return call("Counting requests", handle -> filter.bindTo(handle.createQuery(
                        "SELECT COUNT(*) FROM requests r LEFT JOIN accounts a ON a.id = r.account_used " + filter.where()))
                .mapTo(Long.class).one());
    }

    /** Newest first, only requests with a payload. */
    public List<StoredPayload> recentPayloads(int limit) {
        return call("Reading request payloads", handle -> handle.createQuery("""
                        SELECT r.id, p.json, a.name AS account_name FROM requests r
                        JOIN request_payloads p ON p.id = r.id
                        LEFT JOIN accounts a ON a.id = r.account_used
                        ORDER BY r.timestamp DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((row, ctx) -> new StoredPayload(row.getString("id"), openPayload(row.getString("id"), row.getString("json")),
                        row.getString("account_name")))
                .list());
    }

    public Optional<String> payload(String id) {
        return call("Reading a request payload", handle -> handle.createQuery("SELECT json FROM request_payloads WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne()).map(json -> openPayload(id, json));
    }

    private String openPayload(String id, String stored) {
        return database.cipher().open(SecretField.REQUEST_PAYLOAD, id, stored);
    }

    /** Requests that ended (complete or interrupted); requests still running are not counted. */
    public long count() {
        return call("Counting requests", handle -> handle.createQuery("SELECT COUNT(*) FROM requests WHERE state <> 'pending'")
                .mapTo(Long.class).one());
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
        rebuildRollupHour(tx, hour);
    }

    /**
     * Recomputes the roll-ups of the hour starting at {@code hour} (epoch ms, on an hour boundary) from the
     * rows stored for it (after an import added rows). Call inside a transaction.
     */
    public static void rebuildRollupHour(Handle tx, long hour) {
        tx.createUpdate("DELETE FROM request_rollups WHERE bucket_ts = :hour").bind("hour", hour).execute();
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
                FROM requests WHERE timestamp >= :hour AND timestamp < :next AND state <> 'pending'
                GROUP BY COALESCE(account_used, ''), COALESCE(model, ''), COALESCE(success, FALSE)""")
                .bind("hour", hour).bind("next", hour + HOUR_MS).execute();
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return database.withHandle(callback);
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
                row.getString("original_model"),
                row.getString("applied_model"),
                row.getString("api_key_id"),
                row.getString("api_key_name"));
    }
}
