package io.betterccflare.dashboard;

import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Serves the dashboard: the SPA index (never cached) at {@code /}, {@code /dashboard} and each client-side
 * route, and the content-versioned assets under {@code /assets/<tag>/} (cached for a year). The webjars the
 * index imports are served by the HTTP server's webjar support. Register before the proxy's catch-all.
 * Thread-safe.
 */
public final class DashboardRoutes implements RouteGroup {
    /** Paths that return the SPA; the client router decides which page they show. */
    public static final List<String> PAGES = List.of(
            "/", "/dashboard", "/overview", "/analytics", "/requests", "/accounts", "/agents", "/logs");

    private final DashboardAssets assets;

    public DashboardRoutes(DashboardAssets assets) {
        this.assets = assets;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (String page : PAGES) {
            routes.get(page, this::index);
        }
        routes.get("/assets/{tag}/<path>", this::asset);
    }

    private void index(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(assets.indexHtml());
    }

    private void asset(Context ctx) {
        String path = ctx.pathParam("path");
        byte[] content = path.contains("..") ? null : assets.asset(path).orElse(null);
        if (content == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        boolean current = assets.tag().equals(ctx.pathParam("tag"));
        ctx.header("Cache-Control", current ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.contentType(DashboardAssets.contentType(path));
        ctx.result(content);
    }
}
