package io.betterccflare.server;

import io.betterccflare.metrics.Health;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code status} ({@code ok}, {@code degraded}, {@code unhealthy}) with
 * {@code reasons}, the number of stored accounts (null when the database is unavailable), the time, the
 * strategy, the version and the git revision. Always 200, as the reference; monitors read {@code status}.
 * Each {@link HealthCheck} adds its problems (degrading an ok status) and its details. Thread-safe.
 */
public final class HealthRoutes implements RouteGroup {
    private final Health health;
    private final Supplier<String> strategy;
    private final Clock clock;
    private final String version;
    private final String revision;
    private final List<HealthCheck> checks;

    public HealthRoutes(Health health, Supplier<String> strategy, Clock clock, String version, String revision,
                        List<HealthCheck> checks) {
        this.health = health;
        this.strategy = strategy;
        this.clock = clock;
        this.version = version;
        this.revision = revision;
        this.checks = List.copyOf(checks);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            Health.Report report = health.check();
            long now = clock.millis();
            List<String> reasons = new ArrayList<>(report.reasons());
            checks.forEach(check -> reasons.addAll(check.problems(now)));
            String status = report.status().equals("ok") && !reasons.isEmpty() ? "degraded" : report.status();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("reasons", reasons);
            body.put("accounts", report.accounts());
            body.put("timestamp", Instant.ofEpochMilli(now).toString());
            body.put("strategy", strategy.get());
            body.put("version", version);
            body.put("revision", revision);
            checks.forEach(check -> body.put(check.name(), check.details()));
            ctx.json(body);
        });
    }
}
