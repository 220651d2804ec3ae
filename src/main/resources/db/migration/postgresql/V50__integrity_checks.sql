-- Issue 13: the results of database checks (--doctor, --doctor-full), newest shown by GET /api/storage.
-- One row per check; the doctor keeps the newest 20.
CREATE TABLE IF NOT EXISTS integrity_checks (
    checked_at BIGINT  NOT NULL,
    kind       TEXT    NOT NULL,
    ok         BOOLEAN NOT NULL,
    result     TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_integrity_checks_checked_at ON integrity_checks (checked_at);
