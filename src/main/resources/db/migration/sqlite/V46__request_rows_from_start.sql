-- Issue 12 part 5: a request row exists from the moment the request starts.
-- state: 'pending' while the request runs, 'complete' when it ended, 'interrupted' when the process serving it
-- died first. recorder_run names that process (request_log_runs.id); a live process keeps its run fresh.
ALTER TABLE requests ADD COLUMN state TEXT NOT NULL DEFAULT 'complete';
ALTER TABLE requests ADD COLUMN recorder_run TEXT;
CREATE INDEX IF NOT EXISTS idx_requests_pending ON requests (recorder_run) WHERE state = 'pending';

CREATE TABLE IF NOT EXISTS request_log_runs (
    id            TEXT PRIMARY KEY,
    host_key      TEXT    NOT NULL,
    pid           INTEGER NOT NULL,
    pid_started   INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL
);
