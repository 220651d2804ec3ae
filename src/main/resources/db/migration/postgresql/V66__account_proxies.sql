-- Issue 10 part 8: an account's own outbound proxy. It replaces the environment's HTTP(S)_PROXY for that
-- account's upstream calls (NO_PROXY does not apply to it). proxy_url is scheme://[user:password@]host:port
-- (http or https); the user info is a secret, masked everywhere it is shown. One row per account at most,
-- gone with the account.
CREATE TABLE IF NOT EXISTS account_proxies (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    proxy_url  TEXT NOT NULL
);
