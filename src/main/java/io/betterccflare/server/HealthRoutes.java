package io.betterccflare.server;

import io.betterccflare.metrics.Health;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code status} ({@code ok}, {@code degraded}, {@code unhealthy}) with
 * {@code reasons}, the number of stored accounts (null when the database is unavailable), the time, the
 * strategy, the version and the git revision. Always 200, as the reference; monitors read {@code status}.
 * Thread-safe.
 */
public final class HealthRoutes implements RouteGroup {
    private final Health health;
    private final Supplier<String> strategy;
    private final Clock clock;
    private final String version;
    private final String revision;

    public HealthRoutes(Health health, Supplier<String> strategy, Clock clock, String version, String revision) {
        this.health = health;
        this.strategy = strategy;
        this.clock = clock;
        this.version = version;
        this.revision = revision;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            Health.Report report = health.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.status());
            body.put("reasons", report.reasons());
            body.put("accounts", report.accounts());
            body.put("timestamp", Instant.ofEpochMilli(clock.millis()).toString());
            body.put("strategy", strategy.get());
            body.put("version", version);
            body.put("revision", revision);
            ctx.json(body);
        });
    }
}
