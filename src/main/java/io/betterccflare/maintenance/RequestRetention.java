package io.betterccflare.maintenance;

import io.betterccflare.config.RuntimeSettings;
import io.betterccflare.requests.RequestLogStore;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Deletes what the retention settings no longer keep: request rows older than the request retention,
 * payloads of requests older than the payload retention, and payloads whose request is gone. One
 * transaction, so a failure leaves everything in place; the request roll-ups are trimmed in the same one. Reads the current days from
 * {@link RuntimeSettings} on each run. Thread-safe.
 */
public final class RequestRetention {
    private static final long DAY_MS = 24L * 3_600_000;

    /** What one cleanup removed; {@code cutoff} is the more recent of the two cutoffs. */
    public record Result(int removedRequests, int removedPayloads, Instant cutoff) {
    }

    private final Jdbi jdbi;
    private final DatabaseMaintenance maintenance;
    private final RuntimeSettings settings;
    private final Clock clock;

    public RequestRetention(Database database, RuntimeSettings settings, Clock clock) {
        this.jdbi = database.jdbi();
        this.maintenance = new DatabaseMaintenance(database);
        this.settings = settings;
        this.clock = clock;
    }

    public Result run() {
        RuntimeSettings.Snapshot current = settings.current();
        long now = clock.millis();
        long requestCutoff = now - current.requestRetentionDays() * DAY_MS;
        long payloadCutoff = now - current.payloadRetentionDays() * DAY_MS;
        // Payloads of requests about to be deleted go in the same count, rather than silently by cascade.
        long payloadDeleteBefore = Math.max(requestCutoff, payloadCutoff);
        try {
            Result result = jdbi.inTransaction(handle -> {
                int payloads = handle.createUpdate("""
                        DELETE FROM request_payloads
                        WHERE id IN (SELECT id FROM requests WHERE timestamp < :cutoff)""")
                        .bind("cutoff", payloadDeleteBefore).execute();
                payloads += handle.createUpdate("""
                        DELETE FROM request_payloads
                        WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = request_payloads.id)""")
                        .execute();
                int requests = handle.createUpdate("DELETE FROM requests WHERE timestamp < :cutoff")
                        .bind("cutoff", requestCutoff).execute();
                RequestLogStore.trimRollups(handle, requestCutoff);
                return new Result(requests, payloads, Instant.ofEpochMilli(payloadDeleteBefore));
            });
            if (result.removedRequests() + result.removedPayloads() > 0) {
                // The file shrinks by itself (incremental auto-vacuum) instead of waiting for a compaction.
                maintenance.releaseFreePages();
            }
            return result;
        } catch (JdbiException e) {
            throw new StoreException("Retention cleanup failed: " + e.getMessage(), e);
        }
    }
}
