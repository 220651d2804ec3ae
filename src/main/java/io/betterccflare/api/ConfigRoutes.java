package io.betterccflare.api;

import io.betterccflare.config.ConfigLoader;
import io.betterccflare.config.RuntimeSettings;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code /api/config}, {@code /api/config/strategy}, {@code /api/strategies}, {@code /api/config/model}
 * and {@code /api/config/retention}: the effective runtime values, and changes that take effect at once
 * and are written to the config file through {@link RuntimeSettings}. Thread-safe.
 */
public final class ConfigRoutes implements RouteGroup {
    private final RuntimeSettings settings;
    private final IntSupplier port;
    private final long sessionDurationMs;

    /**
     * @param port the port the server actually listens on (known only once it is bound)
     */
    public ConfigRoutes(RuntimeSettings settings, IntSupplier port, long sessionDurationMs) {
        this.settings = settings;
        this.port = port;
        this.sessionDurationMs = sessionDurationMs;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/config", ctx -> {
            RuntimeSettings.Snapshot current = settings.current();
            ctx.json(ApiBodies.of(
                    "lb_strategy", current.strategy(),
                    "port", port.getAsInt(),
                    "sessionDurationMs", sessionDurationMs,
                    "default_agent_model", current.defaultAgentModel(),
                    "data_retention_days", current.payloadRetentionDays(),
                    "request_retention_days", current.requestRetentionDays()));
        });
        routes.get("/api/config/strategy", ctx -> ctx.json(ApiBodies.of("strategy", settings.strategy())));
        routes.post("/api/config/strategy", ctx -> {
            String strategy = JsonBody.of(ctx).requiredString("strategy").trim();
            if (!ConfigLoader.STRATEGIES.contains(strategy)) {
                throw ApiException.badRequest("strategy must be one of: " + String.join(", ", strategies()));
            }
            settings.setStrategy(strategy);
            ctx.json(ApiBodies.of("success", true, "strategy", strategy));
        });
        routes.get("/api/strategies", ctx -> ctx.json(strategies()));
        routes.get("/api/config/model", ctx -> ctx.json(ApiBodies.of("model", settings.defaultAgentModel())));
        routes.post("/api/config/model", ctx -> {
            String model = JsonBody.of(ctx).optionalString("model");
            if (model == null || model.isBlank()) {
                throw ApiException.badRequest("Model is required");
            }
            try {
                settings.setDefaultAgentModel(io.betterccflare.agents.ModelIds.canonical(model));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            ctx.json(ApiBodies.of("success", true, "model", settings.defaultAgentModel()));
        });
        routes.get("/api/config/retention", ctx -> {
            RuntimeSettings.Snapshot current = settings.current();
            ctx.json(ApiBodies.of("payloadDays", current.payloadRetentionDays(), "requestDays", current.requestRetentionDays()));
        });
        routes.post("/api/config/retention", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            Integer payloadDays = body.optionalInt("payloadDays");
            Integer requestDays = body.optionalInt("requestDays");
            if (payloadDays == null && requestDays == null) {
                throw ApiException.badRequest("No retention fields provided");
            }
            checkRange("payloadDays", payloadDays, RuntimeSettings.MIN_PAYLOAD_DAYS, RuntimeSettings.MAX_PAYLOAD_DAYS);
            checkRange("requestDays", requestDays, RuntimeSettings.MIN_REQUEST_DAYS, RuntimeSettings.MAX_REQUEST_DAYS);
            settings.setRetention(payloadDays, requestDays);
            ctx.status(204);
        });
    }

    private static List<String> strategies() {
        return ConfigLoader.STRATEGIES.stream().sorted().toList();
    }

    private static void checkRange(String field, Integer value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            throw ApiException.badRequest(field + " must be at least " + min);
        }
        if (value > max) {
            throw ApiException.badRequest(field + " must be at most " + max);
        }
    }
}
