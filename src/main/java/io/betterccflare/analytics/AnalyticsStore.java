package io.betterccflare.analytics;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;

/**
 * The SQL behind statistics and analytics. Every query aggregates in the database and returns at most a
 * few thousand groups: all-time and day-or-longer windows read the hourly {@code request_rollups} (plus
 * the raw rows of the window's first, partial hour); shorter windows read raw rows through the timestamp
 * index. The same SQL runs on SQLite and PostgreSQL. Thread-safe.
 */
final class AnalyticsStore {
    private static final long HOUR_MS = 3_600_000L;
    private static final String AGGREGATES = """
            SUM(requests) AS requests, SUM(response_time_sum) AS response_time_sum,
            SUM(response_time_count) AS response_time_count, SUM(total_tokens) AS total_tokens,
            SUM(input_tokens) AS input_tokens, SUM(cache_read_input_tokens) AS cache_read_input_tokens,
            SUM(cache_creation_input_tokens) AS cache_creation_input_tokens, SUM(output_tokens) AS output_tokens,
            SUM(cost_usd) AS cost_usd, SUM(tps_sum) AS tps_sum, SUM(tps_count) AS tps_count,
            MIN(tps_min) AS tps_min, MAX(tps_max) AS tps_max""";

    private final Database database;

    AnalyticsStore(Database database) {
        this.database = database;
    }

    /** One group: a bucket start (0 when not bucketed), account id ('' for none), model ('' for none), outcome. */
    record Cell(long bucket, String account, String model, boolean success, Sums sums) {
    }

    /** An account as the reports need it. */
    record AccountRow(String id, String name, long requestCount, long totalRequests) {
    }

    /** Groups by (bucket, account, model, success) of the rows with {@code timestamp > since}. */
    List<Cell> cells(Range range, long since, Filter filter) {
        String sql;
        if (range.fromRollups() && !filter.needsRows()) {
            long hourStart = Math.floorDiv(since, HOUR_MS) * HOUR_MS + HOUR_MS;
            String bucket = range.bucketMs == HOUR_MS ? "bucket_ts" : "(bucket_ts / " + range.bucketMs + ") * " + range.bucketMs;
            sql = "SELECT " + bucket + " AS bucket, account_key, model_key, success, " + AGGREGATES + " FROM ("
                    + rawShape(HOUR_MS) + " AND r.timestamp < " + hourStart + filter.raw()
                    + " UNION ALL SELECT bucket_ts, account_key, model_key, success, requests, response_time_sum,"
                    + " response_time_count, response_time_max, total_tokens, input_tokens, cache_read_input_tokens,"
                    + " cache_creation_input_tokens, output_tokens, cost_usd, tps_sum, tps_count, tps_min, tps_max"
                    + " FROM request_rollups WHERE bucket_ts >= " + hourStart + filter.keys()
                    + ") s GROUP BY 1, 2, 3, 4";
        } else {
            sql = "SELECT bucket_ts AS bucket, account_key, model_key, success, " + AGGREGATES + " FROM ("
                    + rawShape(range.bucketMs) + filter.raw() + ") s GROUP BY 1, 2, 3, 4";
        }
        return call(handle -> filter.bind(handle.createQuery(sql).bind("since", since))
                .map((row, ctx) -> {
                    boolean success = row.getBoolean("success");
                    return new Cell(row.getLong("bucket"), row.getString("account_key"), row.getString("model_key"),
                            success, Sums.read(row, success));
                }).list());
    }

    /** All-time groups by (account, model, success), from the roll-ups. */
    List<Cell> allTime() {
        return call(handle -> handle.createQuery("SELECT account_key, model_key, success, " + AGGREGATES
                        + " FROM request_rollups GROUP BY account_key, model_key, success")
                .map((row, ctx) -> {
                    boolean success = row.getBoolean("success");
                    return new Cell(0, row.getString("account_key"), row.getString("model_key"), success,
                            Sums.read(row, success));
                }).list());
    }

    /** Response times of the newest {@code limit} matching requests of a model in the window. */
    List<Long> responseTimes(String model, long since, Filter filter, int limit) {
        return call(handle -> filter.bind(handle.createQuery("SELECT r.response_time_ms FROM requests r"
                        + " WHERE r.model = :model AND r.timestamp > :since AND r.response_time_ms IS NOT NULL" + filter.raw()
                        + " ORDER BY r.timestamp DESC LIMIT " + limit))
                .bind("model", model).bind("since", since).mapTo(Long.class).list());
    }

    /** Up to {@code limit} distinct non-empty error messages, newest first. */
    List<String> recentErrors(int limit) {
        List<String> newest = call(handle -> handle.createQuery("""
                        SELECT error_message FROM requests WHERE error_message IS NOT NULL AND error_message <> ''
                        ORDER BY timestamp DESC LIMIT 500""").mapTo(String.class).list());
        Set<String> distinct = new LinkedHashSet<>();
        for (String message : newest) {
            if (distinct.size() == limit) {
                break;
            }
            distinct.add(message);
        }
        return List.copyOf(distinct);
    }

    /**
     * Requests, tokens and cost per API key (rows without a key are left out) of the rows with
     * {@code timestamp > since}, most requests first, as {@code {apiKeyId, apiKeyName, requests, successRate,
     * totalTokens, costUsd}}.
     */
    List<Map<String, Object>> byApiKey(long since, Filter filter) {
        return call(handle -> filter.bind(handle.createQuery("""
                        SELECT r.api_key_id, MAX(r.api_key_name) AS api_key_name, COUNT(*) AS requests,
                            SUM(CASE WHEN r.success THEN 1 ELSE 0 END) AS successes,
                            COALESCE(SUM(r.total_tokens), 0) AS total_tokens, COALESCE(SUM(r.cost_usd), 0) AS cost_usd
                        FROM requests r WHERE r.timestamp > :since AND r.api_key_id IS NOT NULL""" + filter.raw() + " " + """
                        GROUP BY r.api_key_id ORDER BY requests DESC""").bind("since", since))
                .map((row, ctx) -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    long requests = row.getLong("requests");
                    json.put("apiKeyId", row.getString("api_key_id"));
                    json.put("apiKeyName", row.getString("api_key_name"));
                    json.put("requests", requests);
                    json.put("successRate", requests == 0 ? 0 : Math.round(row.getLong("successes") * 100.0 / requests));
                    json.put("totalTokens", row.getLong("total_tokens"));
                    json.put("costUsd", row.getDouble("cost_usd"));
                    return json;
                }).list());
    }

    /** Every account by id. */
    Map<String, AccountRow> accounts() {
        Map<String, AccountRow> accounts = new LinkedHashMap<>();
        call(handle -> handle.createQuery("SELECT id, name, request_count, total_requests FROM accounts ORDER BY name")
                .map((row, ctx) -> new AccountRow(row.getString("id"), row.getString("name"),
                        row.getLong("request_count"), row.getLong("total_requests")))
                .list()).forEach(account -> accounts.put(account.id(), account));
        return accounts;
    }

    private static String rawShape(long bucketMs) {
        return "SELECT (r.timestamp / " + bucketMs + ") * " + bucketMs + " AS bucket_ts,"
                + " COALESCE(r.account_used, '') AS account_key, COALESCE(r.model, '') AS model_key,"
                + " COALESCE(r.success, FALSE) AS success, 1 AS requests,"
                + " COALESCE(r.response_time_ms, 0) AS response_time_sum,"
                + " CASE WHEN r.response_time_ms IS NULL THEN 0 ELSE 1 END AS response_time_count,"
                + " r.response_time_ms AS response_time_max, COALESCE(r.total_tokens, 0) AS total_tokens,"
                + " COALESCE(r.input_tokens, 0) AS input_tokens,"
                + " COALESCE(r.cache_read_input_tokens, 0) AS cache_read_input_tokens,"
                + " COALESCE(r.cache_creation_input_tokens, 0) AS cache_creation_input_tokens,"
                + " COALESCE(r.output_tokens, 0) AS output_tokens, COALESCE(r.cost_usd, 0) AS cost_usd,"
                + " COALESCE(r.output_tokens_per_second, 0) AS tps_sum,"
                + " CASE WHEN r.output_tokens_per_second IS NULL THEN 0 ELSE 1 END AS tps_count,"
                + " CASE WHEN r.output_tokens_per_second > 0 THEN r.output_tokens_per_second END AS tps_min,"
                + " r.output_tokens_per_second AS tps_max"
                + " FROM requests r WHERE r.timestamp > :since AND r.state <> 'pending'";
    }

    private <T> T call(HandleCallback<T, RuntimeException> callback) {
        try {
            return database.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException("Reading analytics failed: " + e.getMessage(), e);
        }
    }
}
