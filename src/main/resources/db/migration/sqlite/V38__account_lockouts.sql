-- Lockouts with their scope (issue 11): '*' benches the whole account (the window that caused the account's
-- rate_limited_until), any other scope is a model family kept off the account (for example 'opus') until
-- until_ms. Times are epoch milliseconds. One row per account and scope; a newer lockout replaces it.
CREATE TABLE IF NOT EXISTS account_lockouts (
    account_id  TEXT   NOT NULL,
    scope       TEXT   NOT NULL,
    until_ms    BIGINT NOT NULL,
    reason      TEXT   NOT NULL,
    window_name TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, scope)
);
CREATE INDEX IF NOT EXISTS idx_account_lockouts_until ON account_lockouts (until_ms);
