-- A better-ccflare 1.1.10 database (the reference, commit 14bb5e06), written from the final schema in
-- shared/spec/reference-surface.md §5.1 (no released binary of 1.1.10 is on npm any more). The tests run
-- this script into a temporary SQLite file. Credentials are fakes.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    provider TEXT DEFAULT 'anthropic',
    api_key TEXT,
    refresh_token TEXT NOT NULL,
    access_token TEXT,
    expires_at INTEGER,
    created_at INTEGER NOT NULL,
    last_used INTEGER,
    request_count INTEGER DEFAULT 0,
    total_requests INTEGER DEFAULT 0,
    account_tier INTEGER DEFAULT 1,
    priority INTEGER DEFAULT 0,
    rate_limited_until INTEGER,
    session_start INTEGER,
    session_request_count INTEGER DEFAULT 0,
    paused INTEGER DEFAULT 0,
    rate_limit_reset INTEGER,
    rate_limit_status TEXT,
    rate_limit_remaining INTEGER,
    auto_fallback_enabled INTEGER DEFAULT 0,
    custom_endpoint TEXT,
    auto_refresh_enabled INTEGER DEFAULT 0
);
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    account_used TEXT,
    status_code INTEGER,
    success BOOLEAN,
    error_message TEXT,
    response_time_ms INTEGER,
    failover_attempts INTEGER DEFAULT 0,
    model TEXT,
    prompt_tokens INTEGER DEFAULT 0,
    completion_tokens INTEGER DEFAULT 0,
    total_tokens INTEGER DEFAULT 0,
    cost_usd REAL DEFAULT 0,
    output_tokens_per_second REAL,
    input_tokens INTEGER DEFAULT 0,
    cache_read_input_tokens INTEGER DEFAULT 0,
    cache_creation_input_tokens INTEGER DEFAULT 0,
    output_tokens INTEGER DEFAULT 0,
    agent_used TEXT
);
CREATE TABLE request_payloads (
    id TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    FOREIGN KEY (id) REFERENCES requests(id) ON DELETE CASCADE
);
CREATE TABLE oauth_sessions (
    id TEXT PRIMARY KEY,
    account_name TEXT NOT NULL,
    verifier TEXT NOT NULL,
    mode TEXT NOT NULL,
    tier INTEGER DEFAULT 1,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    custom_endpoint TEXT
);
CREATE TABLE agent_preferences (
    agent_id TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A Max (OAuth) account in a live session, a Console key (refresh_token '' as the fixed reference writes
-- it), a z.ai key stored in refresh_token as the reference does, a paused account with a custom endpoint,
-- and one locked out by a 429 with auto-fallback on.
INSERT INTO accounts (id, name, provider, api_key, refresh_token, access_token, expires_at, created_at, last_used,
    request_count, total_requests, account_tier, priority, session_start, session_request_count)
VALUES ('0a1b2c3d-0000-4000-8000-000000000001', 'max-main', 'anthropic', NULL, 'sk-ant-ort01-ref-refresh',
    'sk-ant-oat01-ref-access', 1893456000000, 1759000000000, 1759500000000, 4, 40, 20, 0, 1759500000000, 4);
INSERT INTO accounts (id, name, provider, api_key, refresh_token, created_at, account_tier, priority, auto_refresh_enabled)
VALUES ('0a1b2c3d-0000-4000-8000-000000000002', 'console-key', 'anthropic', 'sk-ant-api03-ref-console', '',
    1759000000000, 1, 1, 1);
INSERT INTO accounts (id, name, provider, api_key, refresh_token, created_at, priority)
VALUES ('0a1b2c3d-0000-4000-8000-000000000003', 'zai-key', 'zai', NULL, 'zai-ref-key-0123456789', 1759000000000, 4);
INSERT INTO accounts (id, name, provider, api_key, refresh_token, created_at, priority, paused, custom_endpoint)
VALUES ('0a1b2c3d-0000-4000-8000-000000000004', 'paused-custom', 'anthropic', 'sk-ant-api03-ref-custom', '',
    1759000000000, 2, 1, 'https://llm.example.test');
INSERT INTO accounts (id, name, provider, api_key, refresh_token, created_at, priority, rate_limited_until,
    rate_limit_reset, rate_limit_status, rate_limit_remaining, auto_fallback_enabled)
VALUES ('0a1b2c3d-0000-4000-8000-000000000005', 'limited', 'anthropic', 'sk-ant-api03-ref-limited', '',
    1759000000000, 3, 1893456000000, 1893456000000, 'rate_limited', 0, 1);

INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, response_time_ms, model,
    prompt_tokens, completion_tokens, total_tokens, cost_usd, input_tokens, cache_read_input_tokens,
    cache_creation_input_tokens, output_tokens)
VALUES ('5e1f0000-0000-4000-8000-000000000001', 1759500000000, 'POST', '/v1/messages',
    '0a1b2c3d-0000-4000-8000-000000000001', 200, 1, 850, 'claude-sonnet-4-5', 43, 12, 55, 0.0012, 25, 11, 7, 12);
INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, error_message, response_time_ms)
VALUES ('5e1f0000-0000-4000-8000-000000000002', 1759500100000, 'POST', '/v1/messages',
    '0a1b2c3d-0000-4000-8000-000000000005', 429, 0, 'Rate limited', 120);
INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, response_time_ms, model,
    total_tokens, input_tokens, output_tokens)
VALUES ('5e1f0000-0000-4000-8000-000000000003', 1759503700000, 'POST', '/v1/messages',
    '0a1b2c3d-0000-4000-8000-000000000002', 200, 1, 640, 'claude-opus-4-1', 30, 20, 10);
INSERT INTO request_payloads (id, json)
VALUES ('5e1f0000-0000-4000-8000-000000000001', '{"request":{"headers":{},"body":null},"response":{"status":200,"headers":{},"body":null},"meta":{"timestamp":1759500000000,"success":true}}');
