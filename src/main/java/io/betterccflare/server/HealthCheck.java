package io.betterccflare.server;

import java.util.List;

/**
 * Something {@code GET /health} reports on: its details appear under {@link #name()}, and any problem makes the
 * status {@code degraded} (still HTTP 200: the proxy keeps serving) with the problem listed in {@code reasons}.
 * Implementations must be cheap and must not touch the database. Thread-safe.
 */
public interface HealthCheck {

    /** The JSON key of the details, e.g. {@code requestLog}. */
    String name();

    /** What {@code /health} shows under {@link #name()}; JSON-ready (maps, records, numbers). */
    Object details();

    /** Why the process is degraded at {@code nowMs}; empty when it is fine. */
    List<String> problems(long nowMs);
}
