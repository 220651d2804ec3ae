/**
 * The HTTP server: Javalin on virtual threads, the route groups every feature contributes, the one
 * error mapper, and {@code GET /health}.
 */
package io.betterccflare.server;
