-- Several instances on one database (issue 12 part 4): each running server keeps a row here, refreshed by
-- its heartbeat, and every request row records the instance that served it.
CREATE TABLE IF NOT EXISTS instances (
    id          TEXT PRIMARY KEY,
    version     TEXT    NOT NULL,
    host        TEXT,
    pid         BIGINT,
    started_at  BIGINT  NOT NULL,
    last_seen   BIGINT  NOT NULL,
    leader      BOOLEAN NOT NULL DEFAULT FALSE
);

ALTER TABLE requests ADD COLUMN instance_id TEXT;
