package io.betterccflare.analytics;

import io.betterccflare.accounts.AccountStore;
import io.betterccflare.requests.RequestLogStore;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/stats}, {@code POST /api/stats/reset} and {@code GET /api/analytics}. Invalid parameters
 * are 400 with the reference's message templates. Thread-safe.
 */
public final class AnalyticsRoutes implements RouteGroup {
    private final Analytics analytics;
    private final RequestLogStore requestLog;
    private final AccountStore accounts;

    public AnalyticsRoutes(Analytics analytics, RequestLogStore requestLog, AccountStore accounts) {
        this.analytics = analytics;
        this.requestLog = requestLog;
        this.accounts = accounts;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/stats", ctx -> ctx.json(analytics.stats()));
        routes.post("/api/stats/reset", ctx -> {
            requestLog.deleteAll();
            accounts.resetCounters();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("message", "Statistics reset successfully");
            ctx.json(body);
        });
        routes.get("/api/analytics", ctx -> {
            Map<String, String> params = new HashMap<>();
            ctx.queryParamMap().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    params.put(name, values.getFirst());
                }
            });
            AnalyticsQuery query;
            try {
                query = AnalyticsQuery.parse(params);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            ctx.json(analytics.analytics(query));
        });
    }
}
