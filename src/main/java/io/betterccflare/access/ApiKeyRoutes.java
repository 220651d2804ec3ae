package io.betterccflare.access;

import io.betterccflare.api.ApiBodies;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.Json;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/api-keys}: list ({@code GET}), generate ({@code POST {"name", "role"?, limits...}}, 201 with the key
 * in {@code data.apiKey}, shown this once), change role and limits ({@code PATCH /api/api-keys/{name or id}}) and
 * revoke ({@code DELETE /api/api-keys/{name or id}}). Answers as the reference's: {@code {"success", "data", "count"?}}.
 * Admin keys only (see {@link AccessFilter}). Thread-safe.
 */
public final class ApiKeyRoutes implements RouteGroup {
    private final ApiKeys keys;

    public ApiKeyRoutes(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/api-keys", this::list);
        routes.post("/api/api-keys", this::generate);
        routes.patch("/api/api-keys/{key}", this::update);
        routes.delete("/api/api-keys/{key}", this::revoke);
    }

    private void list(Context ctx) {
        Map<String, ApiKeyUsage> usage = keys.usage();
        List<Map<String, Object>> data = new ArrayList<>();
        for (ApiKey key : keys.list()) {
            data.add(view(key, usage.getOrDefault(key.id(), ApiKeyUsage.NONE)));
        }
        ctx.json(ApiBodies.of("success", true, "data", data, "count", data.size()));
    }

    private void generate(Context ctx) {
        JsonNode body = object(ctx);
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ApiException.badRequest("name is required");
        }
        Role role = role(body, Role.ADMIN);
        ApiKeys.Generated generated = keys.generate(name.asText(), role, LimitChanges.fromJson(body).apply(KeyLimits.NONE));
        Map<String, Object> data = view(generated.key(), ApiKeyUsage.NONE);
        data.put("apiKey", generated.secret());
        ctx.status(201).json(ApiBodies.of("success", true, "data", data));
    }

    private void update(Context ctx) {
        JsonNode body = object(ctx);
        ApiKey key = keys.update(ctx.pathParam("key"), role(body, null), LimitChanges.fromJson(body));
        ctx.json(ApiBodies.of("success", true, "data", view(key, keys.usage().getOrDefault(key.id(), ApiKeyUsage.NONE))));
    }

    private void revoke(Context ctx) {
        ApiKey key = keys.revoke(ctx.pathParam("key"));
        ctx.json(ApiBodies.of("success", true, "message", "API key '" + key.name() + "' revoked"));
    }

    private static Role role(JsonNode body, Role fallback) {
        JsonNode role = body.get("role");
        if (role == null || role.isNull()) {
            return fallback;
        }
        try {
            return Role.parse(role.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static JsonNode object(Context ctx) {
        String text = ctx.body();
        try {
            JsonNode node = text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
            if (!node.isObject()) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("Request body is not valid JSON");
        }
    }

    /** A key as listed: never its secret. Times are ISO-8601 instants. */
    static Map<String, Object> view(ApiKey key, ApiKeyUsage usage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("name", key.name());
        view.put("prefixLast8", key.prefixLast8());
        view.put("role", key.role().id());
        view.put("createdAt", Instant.ofEpochMilli(key.createdAt()).toString());
        view.put("lastUsed", usage.lastUsed() == null ? null : Instant.ofEpochMilli(usage.lastUsed()).toString());
        view.put("usageCount", usage.count());
        view.put("isActive", true);
        KeyLimits limits = key.limits();
        view.put("allowedModels", limits.allowedModels());
        view.put("maxConcurrent", limits.maxConcurrent());
        view.put("rpm", limits.rpm());
        view.put("tokensPer5h", limits.tokensPer5h());
        view.put("tokensPerDay", limits.tokensPerDay());
        view.put("expiresAt", limits.expiresAt() == null ? null : Instant.ofEpochMilli(limits.expiresAt()).toString());
        return view;
    }
}
