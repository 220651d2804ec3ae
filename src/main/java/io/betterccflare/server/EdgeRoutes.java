package io.betterccflare.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Set;

/**
 * What the server answers itself at its edges, so that only the proxied paths ever reach an upstream
 * (issue 10 part 5): CORS preflights ({@code OPTIONS} on any path: {@code 204} with an {@code Allow} list
 * and no CORS headers, so browsers keep refusing cross-site calls, decision 13), Claude Code's
 * {@code HEAD /api/hello} preconnect ({@code 200}, anthropic-wire §6.2), and its telemetry
 * ({@code POST /api/event_logging/batch}, {@code POST /api/system/package-manager}: {@code 200
 * {"success":true}}, as the reference's 2026 line, reference-core §1.2). {@code HEAD} on the event
 * streams is the head alone, on every other {@code GET} route Javalin's (the {@code GET} handler without
 * the body); unknown paths and methods
 * become JSON 404/405 in {@link ErrorMapper}. Register first. Stateless; thread-safe.
 */
public final class EdgeRoutes implements RouteGroup {
    static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    /** The server-sent-event routes, whose {@code HEAD} is answered here with the head alone. */
    private static final Set<String> EVENT_STREAMS = Set.of("/api/logs/stream", "/api/requests/stream");

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(ctx -> {
            if (ctx.method() == HandlerType.OPTIONS) {
                ctx.status(HttpStatus.NO_CONTENT).header("Allow", ALLOW).skipRemainingHandlers();
            } else if (ctx.method() == HandlerType.HEAD && EVENT_STREAMS.contains(ctx.path())) {
                // The GET handler would hold the stream open (HEAD discards what it writes) until shutdown.
                ctx.status(HttpStatus.OK).contentType("text/event-stream").skipRemainingHandlers();
            }
        });
        routes.head("/api/hello", ctx -> ctx.status(HttpStatus.OK));
        routes.post("/api/event_logging/batch", ctx -> ctx.json(Map.of("success", true)));
        routes.post("/api/system/package-manager", ctx -> ctx.json(Map.of("success", true)));
    }
}
