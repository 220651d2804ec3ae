/**
 * Logging: SLF4J with Logback behind it, configured in code ({@link io.betterccflare.logging.LogbackSetup}).
 * Every log event becomes one JSON line {@code {ts, level, msg, logger, requestId?}} in
 * {@code <data dir>/logs/app.log} (size-capped, rotated, owner-only), an entry in an in-memory ring of the
 * last 1000 events, a message to live subscribers (the {@code /api/logs/stream} endpoint) and, when asked,
 * a line on stderr.
 */
package io.betterccflare.logging;
