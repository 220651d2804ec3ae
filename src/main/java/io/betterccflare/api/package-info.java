/**
 * The management REST API under {@code /api}: accounts, configuration and strategy, maintenance and
 * logs, with the reference's paths and JSON field names. Each group is a
 * {@link io.betterccflare.server.RouteGroup}; failures are {@link io.betterccflare.server.ApiException}s
 * (or the services' own exceptions) turned into {@code {"error", "details"?}} by the server's one error mapper.
 */
package io.betterccflare.api;
