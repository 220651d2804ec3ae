package io.betterccflare.server;

import io.betterccflare.accounts.AccountStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health}: liveness, the number of stored accounts and the strategy. Thread-safe.
 */
public final class HealthRoutes implements RouteGroup {
    private final AccountStore accounts;
    private final Supplier<String> strategy;
    private final Clock clock;

    public HealthRoutes(AccountStore accounts, Supplier<String> strategy, Clock clock) {
        this.accounts = accounts;
        this.strategy = strategy;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("accounts", accounts.count());
            body.put("timestamp", Instant.ofEpochMilli(clock.millis()).toString());
            body.put("strategy", strategy.get());
            ctx.json(body);
        });
    }
}
