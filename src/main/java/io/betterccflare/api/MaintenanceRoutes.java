package io.betterccflare.api;

import io.betterccflare.maintenance.DatabaseMaintenance;
import io.betterccflare.maintenance.RequestRetention;
import io.betterccflare.maintenance.StorageReport;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;

/**
 * {@code POST /api/maintenance/cleanup} (retention cleanup now) and {@code POST /api/maintenance/compact}
 * (checkpoint and VACUUM; blocks until done), {@code GET /api/storage} (sizes by table, payload share, last
 * integrity check). Thread-safe.
 */
public final class MaintenanceRoutes implements RouteGroup {
    private final RequestRetention retention;
    private final DatabaseMaintenance maintenance;
    private final StorageReport storage;

    public MaintenanceRoutes(RequestRetention retention, DatabaseMaintenance maintenance, StorageReport storage) {
        this.retention = retention;
        this.maintenance = maintenance;
        this.storage = storage;
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
        routes.get("/api/storage", ctx -> ctx.json(storage.report()));
        routes.post("/api/maintenance/compact", ctx -> {
            maintenance.compact();
            ctx.json(ApiBodies.of("ok", true));
        });
    }
}
