package io.betterccflare.dashboard;

import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Serves the dashboard: the SPA index (never cached) at {@code /}, {@code /dashboard} and each client-side
 * route, the content-versioned assets under {@code /assets/<tag>/} and the webjars under
 * {@code /webjars/<name>/<version>/} (both cached for a year). {@code HEAD} on each
 * is Javalin's, through its {@code GET}.
 * Thread-safe.
 */
public final class DashboardRoutes implements RouteGroup {
    /** Paths that return the SPA; the client router decides which page they show. */
    public static final List<String> PAGES = List.of(
            "/", "/dashboard", "/overview", "/analytics", "/requests", "/accounts", "/agents", "/logs", "/api-keys");

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
        routes.get("/webjars/<path>", this::webjar);
    }

    private void index(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Content-Security-Policy", assets.contentSecurityPolicy());
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(assets.indexHtml());
    }

    private void webjar(Context ctx) {
        String path = ctx.pathParam("path");
        byte[] content = assets.webjar(path).orElse(null);
        if (content == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        // The version is part of the URL, so the file never changes under it.
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(DashboardAssets.contentType(path));
        ctx.result(content);
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
