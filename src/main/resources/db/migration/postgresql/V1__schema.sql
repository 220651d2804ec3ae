-- better-ccflare schema, PostgreSQL dialect. Times are epoch milliseconds (BIGINT).
CREATE TABLE IF NOT EXISTS accounts (
    id                        TEXT PRIMARY KEY,
    name                      TEXT    NOT NULL,
    provider                  TEXT    NOT NULL DEFAULT 'anthropic',
    api_key                   TEXT,
    refresh_token             TEXT,
    access_token              TEXT,
    expires_at                BIGINT,
    created_at                BIGINT  NOT NULL,
    last_used                 BIGINT,
    request_count             BIGINT  NOT NULL DEFAULT 0,
    total_requests            BIGINT  NOT NULL DEFAULT 0,
    account_tier              INTEGER NOT NULL DEFAULT 1,
    priority                  INTEGER NOT NULL DEFAULT 0,
    rate_limited_until        BIGINT,
    session_start             BIGINT,
    session_request_count     BIGINT  NOT NULL DEFAULT 0,
    paused                    BOOLEAN NOT NULL DEFAULT FALSE,
    rate_limit_reset          BIGINT,
    rate_limit_status         TEXT,
    rate_limit_remaining      BIGINT,
    auto_fallback_enabled     BOOLEAN NOT NULL DEFAULT FALSE,
    custom_endpoint           TEXT,
    auto_refresh_enabled      BOOLEAN NOT NULL DEFAULT FALSE,
    mode                      TEXT,
    email                     TEXT,
    requires_reauth           BOOLEAN NOT NULL DEFAULT FALSE,
    rate_limited_reason       TEXT,
    auth_failed_at            BIGINT,
    auth_failure              TEXT,
    consecutive_rate_limits   INTEGER NOT NULL DEFAULT 0,
    rate_limit_5h_status      TEXT,
    rate_limit_5h_reset       BIGINT,
    rate_limit_5h_utilization DOUBLE PRECISION,
    rate_limit_7d_status      TEXT,
    rate_limit_7d_reset       BIGINT,
    rate_limit_7d_utilization DOUBLE PRECISION,
    rate_limit_claim          TEXT,
    rate_limit_updated_at     BIGINT,
    usage_data                TEXT,
    usage_updated_at          BIGINT
);

CREATE TABLE IF NOT EXISTS requests (
    id                             TEXT PRIMARY KEY,
    timestamp                      BIGINT  NOT NULL,
    method                         TEXT    NOT NULL,
    path                           TEXT    NOT NULL,
    account_used                   TEXT,
    status_code                    INTEGER,
    success                        BOOLEAN,
    error_message                  TEXT,
    response_time_ms               BIGINT,
    failover_attempts              INTEGER NOT NULL DEFAULT 0,
    model                          TEXT,
    prompt_tokens                  BIGINT,
    completion_tokens              BIGINT,
    total_tokens                   BIGINT,
    cost_usd                       DOUBLE PRECISION,
    output_tokens_per_second       DOUBLE PRECISION,
    input_tokens                   BIGINT,
    cache_read_input_tokens        BIGINT,
    cache_creation_input_tokens    BIGINT,
    output_tokens                  BIGINT,
    agent_used                     TEXT,
    accounts_tried                 TEXT,
    cache_creation_5m_input_tokens BIGINT,
    cache_creation_1h_input_tokens BIGINT,
    is_stream                      BOOLEAN
);

CREATE TABLE IF NOT EXISTS request_payloads (
    id   TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    json TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS oauth_sessions (
    id                TEXT PRIMARY KEY,
    account_name      TEXT    NOT NULL,
    verifier          TEXT    NOT NULL,
    mode              TEXT    NOT NULL,
    tier              INTEGER NOT NULL DEFAULT 1,
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL,
    custom_endpoint   TEXT,
    priority          INTEGER,
    state             TEXT,
    reauth_account_id TEXT
);

CREATE TABLE IF NOT EXISTS agent_preferences (
    agent_id   TEXT PRIMARY KEY,
    model      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS strategies (
    name       TEXT PRIMARY KEY,
    config     TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);
