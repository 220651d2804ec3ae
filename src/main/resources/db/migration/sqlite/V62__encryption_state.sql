-- Issue 15 part 5, secrets at rest: the key that seals the secret columns (accounts' credentials and custom
-- endpoints, OAuth login verifiers, request payloads). One row while the database is encrypted, naming the key
-- by its id (never the key); no row while secrets are stored clear. Written in the transaction that converts the
-- columns, so the row and the columns always agree.
CREATE TABLE IF NOT EXISTS encryption_state (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    key_id     TEXT    NOT NULL,
    changed_at BIGINT  NOT NULL
);
