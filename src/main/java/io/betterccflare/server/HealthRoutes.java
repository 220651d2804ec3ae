package io.betterccflare.server;

import io.betterccflare.accounts.AccountStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: liveness, the number of stored accounts and the strategy, plus each {@link HealthCheck}'s
 * details. {@code status} is {@code ok}, or {@code degraded} with {@code reasons} when a check reports a problem
 * (still HTTP 200: the proxy serves). Thread-safe.
 */
public final class HealthRoutes implements RouteGroup {
    private final AccountStore accounts;
    private final Supplier<String> strategy;
    private final Clock clock;
    private final List<HealthCheck> checks;

    public HealthRoutes(AccountStore accounts, Supplier<String> strategy, Clock clock, List<HealthCheck> checks) {
        this.accounts = accounts;
        this.strategy = strategy;
        this.clock = clock;
        this.checks = List.copyOf(checks);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            long now = clock.millis();
            List<String> reasons = new ArrayList<>();
            checks.forEach(check -> reasons.addAll(check.problems(now)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", reasons.isEmpty() ? "ok" : "degraded");
            body.put("accounts", accounts.count());
            body.put("timestamp", Instant.ofEpochMilli(now).toString());
            body.put("strategy", strategy.get());
            if (!reasons.isEmpty()) {
                body.put("reasons", reasons);
            }
            checks.forEach(check -> body.put(check.name(), check.details()));
            ctx.json(body);
        });
    }
}
