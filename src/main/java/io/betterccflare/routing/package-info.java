/**
 * Account selection: the strategies that order the candidates for one request (the reference's sticky
 * 5-hour session with priority and auto-fallback, and session affinity per client session), the router
 * that applies the strategy in force and leaves out accounts blocked for the request, the per-account
 * circuit breaker and in-flight counts, and the refusal sent when no account can serve.
 */
package io.betterccflare.routing;
