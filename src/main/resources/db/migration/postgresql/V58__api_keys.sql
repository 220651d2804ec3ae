-- Access control (issue 15): API keys with roles and optional per-key limits, dashboard login sessions,
-- per-key admissions (concurrency and requests per minute, shared by every instance on one database),
-- and the key that sent each request.
CREATE TABLE api_keys (
    id             TEXT PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    key_hash       TEXT    NOT NULL UNIQUE,
    prefix_last_8  TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    allowed_models TEXT,
    max_concurrent INTEGER,
    rpm            INTEGER,
    tokens_per_5h  BIGINT,
    tokens_per_day BIGINT,
    expires_at     BIGINT
);

CREATE TABLE api_key_sessions (
    token_hash TEXT PRIMARY KEY,
    key_id     TEXT   NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_key_admissions (
    id          TEXT    PRIMARY KEY,
    key_id      TEXT    NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    admitted_at BIGINT  NOT NULL,
    open        BOOLEAN NOT NULL
);
CREATE INDEX idx_api_key_admissions_key ON api_key_admissions (key_id, admitted_at);

ALTER TABLE requests ADD COLUMN api_key_id TEXT;
ALTER TABLE requests ADD COLUMN api_key_name TEXT;
CREATE INDEX idx_requests_api_key_timestamp ON requests (api_key_id, timestamp) WHERE api_key_id IS NOT NULL;
