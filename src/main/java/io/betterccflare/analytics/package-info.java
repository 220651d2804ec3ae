/**
 * Statistics and analytics over the request log: {@code /api/stats}, {@code /api/stats/reset} and
 * {@code /api/analytics}, aggregated in SQL from hourly roll-ups (plus raw rows for fine buckets and the
 * window's first partial hour), then shaped in Java.
 */
package io.betterccflare.analytics;
