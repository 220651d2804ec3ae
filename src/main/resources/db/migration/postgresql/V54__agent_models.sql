-- Agents and model policy (issue 14): the model the client asked for and the model sent upstream, per request;
-- per-account model mappings (requested-model pattern -> provider model, JSON object in match order) and the
-- "serve only the requested model" switch.
ALTER TABLE requests ADD COLUMN IF NOT EXISTS original_model TEXT;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS applied_model TEXT;
CREATE INDEX IF NOT EXISTS idx_requests_agent_timestamp ON requests (agent_used, timestamp DESC) WHERE agent_used IS NOT NULL;

CREATE TABLE IF NOT EXISTS account_model_policies (
    account_id           TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    mappings             TEXT    NOT NULL,
    serve_requested_only BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at           BIGINT  NOT NULL
);
