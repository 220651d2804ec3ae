-- Names are unique (the reference only checked in code).
CREATE UNIQUE INDEX IF NOT EXISTS idx_accounts_name_unique ON accounts (name);
CREATE INDEX IF NOT EXISTS idx_accounts_priority ON accounts (priority, created_at);
CREATE INDEX IF NOT EXISTS idx_accounts_session ON accounts (session_start) WHERE session_start IS NOT NULL;

CREATE INDEX IF NOT EXISTS idx_requests_timestamp ON requests (timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_requests_account_timestamp ON requests (account_used, timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_requests_model_timestamp ON requests (model, timestamp DESC) WHERE model IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_requests_success_timestamp ON requests (success, timestamp DESC);

CREATE INDEX IF NOT EXISTS idx_oauth_sessions_expires ON oauth_sessions (expires_at);
