/**
 * Account selection: the session strategy (sticky 5-hour sessions, priority, auto-fallback) that
 * orders the candidates for one request, and the refusal sent when no account can serve. Pure logic
 * over account snapshots and a given time; no I/O.
 */
package io.betterccflare.routing;
