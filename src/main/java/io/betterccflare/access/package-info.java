/**
 * Access control (issue 15): the always-on browser protections (Host allowlist, same-origin and JSON-only
 * state changes, no CORS unless configured, no framing), optional API keys with roles ({@code admin},
 * {@code api-only}) stored as hashes, dashboard login sessions, and per-key limits (models, concurrency,
 * requests per minute, tokens per 5 hours and per day, expiry) that hold across instances sharing one database.
 * {@link io.betterccflare.access.AccessFilter} guards every path; {@link io.betterccflare.access.ApiKeys} owns the keys;
 * {@link io.betterccflare.access.KeyAdmissions} is the proxy's {@link io.betterccflare.proxy.ClientAccess} hook.
 */
package io.betterccflare.access;
