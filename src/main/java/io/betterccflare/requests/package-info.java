/**
 * The request log: one row per client request (who served it, status, timing, tokens, cost), its payload,
 * live request events, and the {@code /api/requests*} endpoints. Rows are written in batches by one writer
 * thread, off the request path.
 */
package io.betterccflare.requests;
