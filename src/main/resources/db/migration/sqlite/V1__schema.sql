-- better-ccflare schema, SQLite dialect. Times are epoch milliseconds.
-- CREATE ... IF NOT EXISTS so that a database made by the reference is adopted (see V2).
CREATE TABLE IF NOT EXISTS accounts (
    id                     TEXT PRIMARY KEY,
    name                   TEXT    NOT NULL,
    provider               TEXT    NOT NULL DEFAULT 'anthropic',
    api_key                TEXT,
    refresh_token          TEXT,
    access_token           TEXT,
    expires_at             INTEGER,
    created_at             INTEGER NOT NULL,
    last_used              INTEGER,
    request_count          INTEGER NOT NULL DEFAULT 0,
    total_requests         INTEGER NOT NULL DEFAULT 0,
    account_tier           INTEGER NOT NULL DEFAULT 1,
    priority               INTEGER NOT NULL DEFAULT 0,
    rate_limited_until     INTEGER,
    session_start          INTEGER,
    session_request_count  INTEGER NOT NULL DEFAULT 0,
    paused                 BOOLEAN NOT NULL DEFAULT FALSE,
    rate_limit_reset       INTEGER,
    rate_limit_status      TEXT,
    rate_limit_remaining   INTEGER,
    auto_fallback_enabled  BOOLEAN NOT NULL DEFAULT FALSE,
    custom_endpoint        TEXT,
    auto_refresh_enabled   BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS requests (
    id                          TEXT PRIMARY KEY,
    timestamp                   INTEGER NOT NULL,
    method                      TEXT    NOT NULL,
    path                        TEXT    NOT NULL,
    account_used                TEXT,
    status_code                 INTEGER,
    success                     BOOLEAN,
    error_message               TEXT,
    response_time_ms            INTEGER,
    failover_attempts           INTEGER NOT NULL DEFAULT 0,
    model                       TEXT,
    prompt_tokens               INTEGER,
    completion_tokens           INTEGER,
    total_tokens                INTEGER,
    cost_usd                    REAL,
    output_tokens_per_second    REAL,
    input_tokens                INTEGER,
    cache_read_input_tokens     INTEGER,
    cache_creation_input_tokens INTEGER,
    output_tokens               INTEGER,
    agent_used                  TEXT
);

CREATE TABLE IF NOT EXISTS request_payloads (
    id   TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    json TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS oauth_sessions (
    id              TEXT PRIMARY KEY,
    account_name    TEXT    NOT NULL,
    verifier        TEXT    NOT NULL,
    mode            TEXT    NOT NULL,
    tier            INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    custom_endpoint TEXT
);

CREATE TABLE IF NOT EXISTS agent_preferences (
    agent_id   TEXT PRIMARY KEY,
    model      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS strategies (
    name       TEXT PRIMARY KEY,
    config     TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
