package io.betterccflare.cluster;

import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/instances}: the live instances sharing this database, oldest first, each as
 * {@code {id, version, host, pid, startedAt, lastSeen (ISO-8601), uptimeMs, leader, self}}. {@code leader}
 * marks the instance that runs the cluster's background jobs; {@code self} the one answering. Thread-safe.
 */
public final class InstanceRoutes implements RouteGroup {
    private final Instances instances;
    private final Clock clock;

    public InstanceRoutes(Instances instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/instances", ctx -> {
            long now = clock.millis();
            List<Map<String, Object>> body = new ArrayList<>();
            for (Instances.Instance instance : instances.live()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", instance.id());
                view.put("version", instance.version());
                view.put("host", instance.host());
                view.put("pid", instance.pid());
                view.put("startedAt", Instant.ofEpochMilli(instance.startedAt()).toString());
                view.put("lastSeen", Instant.ofEpochMilli(instance.lastSeen()).toString());
                view.put("uptimeMs", Math.max(0, now - instance.startedAt()));
                view.put("leader", instance.leader());
                view.put("self", instance.id().equals(instances.self()));
                body.add(view);
            }
            ctx.json(body);
        });
    }
}
