/**
 * Logging: our own SLF4J 2 service provider. Every log event becomes one JSON line
 * {@code {ts, level, msg, logger}} in {@code <tmp>/better-ccflare-logs/app.log} (size-capped, rotated),
 * an entry in an in-memory ring of the last 1000 events, a message to live subscribers (the
 * {@code /api/logs/stream} endpoint) and, when asked, a line on stderr.
 */
package io.betterccflare.logging;
