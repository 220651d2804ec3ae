package io.betterccflare.api;

import io.betterccflare.maintenance.DatabaseMaintenance;
import io.betterccflare.maintenance.RequestRetention;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;

/**
 * {@code POST /api/maintenance/cleanup} (retention cleanup now) and {@code POST /api/maintenance/compact}
 * (checkpoint and VACUUM; blocks until done). Thread-safe.
 */
public final class MaintenanceRoutes implements RouteGroup {
    private final RequestRetention retention;
    private final DatabaseMaintenance maintenance;

    public MaintenanceRoutes(RequestRetention retention, DatabaseMaintenance maintenance) {
        this.retention = retention;
        this.maintenance = maintenance;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/maintenance/cleanup", ctx -> {
            RequestRetention.Result result = retention.run();
            ctx.json(ApiBodies.of(
                    "removedRequests", result.removedRequests(),
                    "removedPayloads", result.removedPayloads(),
                    "cutoffIso", result.cutoff().toString()));
        });
        routes.post("/api/maintenance/compact", ctx -> {
            maintenance.compact();
            ctx.json(ApiBodies.of("ok", true));
        });
    }
}
