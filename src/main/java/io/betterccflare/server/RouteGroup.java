package io.betterccflare.server;

import io.javalin.config.RoutesConfig;

/**
 * A feature's HTTP routes. Each feature (health, API, dashboard, proxy) supplies one; {@link HttpServer}
 * adds them in order ({@link EdgeRoutes} first, for its before-handler).
 */
@FunctionalInterface
public interface RouteGroup {
    void addTo(RoutesConfig routes);
}
