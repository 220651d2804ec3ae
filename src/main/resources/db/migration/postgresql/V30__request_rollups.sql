-- Hourly roll-ups of the request log, kept in step with requests by the request-log writer (same
-- transaction). /api/stats and the coarse /api/analytics ranges read these instead of scanning every row.
-- account_key/model_key are '' when the request had no account/model, so the key never holds NULL.
CREATE TABLE IF NOT EXISTS request_rollups (
    bucket_ts                   BIGINT NOT NULL,
    account_key                 TEXT    NOT NULL,
    model_key                   TEXT    NOT NULL,
    success                     BOOLEAN NOT NULL,
    requests                    BIGINT NOT NULL,
    response_time_sum           BIGINT NOT NULL,
    response_time_count         BIGINT NOT NULL,
    response_time_max           BIGINT,
    total_tokens                BIGINT NOT NULL,
    input_tokens                BIGINT NOT NULL,
    cache_read_input_tokens     BIGINT NOT NULL,
    cache_creation_input_tokens BIGINT NOT NULL,
    output_tokens               BIGINT NOT NULL,
    cost_usd                    DOUBLE PRECISION NOT NULL,
    tps_sum                     DOUBLE PRECISION NOT NULL,
    tps_count                   BIGINT NOT NULL,
    tps_min                     DOUBLE PRECISION,
    tps_max                     DOUBLE PRECISION,
    PRIMARY KEY (bucket_ts, account_key, model_key, success)
);

INSERT INTO request_rollups (bucket_ts, account_key, model_key, success, requests, response_time_sum,
    response_time_count, response_time_max, total_tokens, input_tokens, cache_read_input_tokens,
    cache_creation_input_tokens, output_tokens, cost_usd, tps_sum, tps_count, tps_min, tps_max)
SELECT (timestamp / 3600000) * 3600000, COALESCE(account_used, ''), COALESCE(model, ''), COALESCE(success, FALSE),
    COUNT(*), COALESCE(SUM(response_time_ms), 0), COUNT(response_time_ms), MAX(response_time_ms),
    COALESCE(SUM(total_tokens), 0), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),
    COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0),
    COALESCE(SUM(output_tokens_per_second), 0), COUNT(output_tokens_per_second),
    MIN(CASE WHEN output_tokens_per_second > 0 THEN output_tokens_per_second END), MAX(output_tokens_per_second)
FROM requests
GROUP BY 1, 2, 3, 4;

-- recentErrors reads the newest error rows only.
CREATE INDEX IF NOT EXISTS idx_requests_errors ON requests (timestamp DESC) WHERE error_message IS NOT NULL;
