package io.betterccflare.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference's JSON shapes for a request ({@code RequestResponse}) and a payload ({@code RequestPayload}).
 * Optional usage fields are omitted when null or zero, as in the reference. Stateless; thread-safe.
 */
final class RequestJson {
    private RequestJson() {
    }

    /** A {@code RequestResponse}; {@code accountUsed} is the given label (name, id, or null). */
    static Map<String, Object> response(RequestRecord r, String accountUsed) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        json.put("method", r.method());
        json.put("path", r.path());
        json.put("accountUsed", accountUsed);
        json.put("statusCode", r.statusCode());
        json.put("success", r.success());
        json.put("errorMessage", r.errorMessage());
        json.put("responseTimeMs", r.responseTimeMs());
        json.put("failoverAttempts", r.failoverAttempts());
        optional(json, "model", r.model());
        optional(json, "promptTokens", r.promptTokens());
        optional(json, "completionTokens", r.completionTokens());
        optional(json, "totalTokens", r.totalTokens());
        optional(json, "inputTokens", r.inputTokens());
        optional(json, "cacheReadInputTokens", r.cacheReadInputTokens());
        optional(json, "cacheCreationInputTokens", r.cacheCreationInputTokens());
        optional(json, "cacheCreation5mInputTokens", r.cacheCreation5mInputTokens());
        optional(json, "cacheCreation1hInputTokens", r.cacheCreation1hInputTokens());
        optional(json, "outputTokens", r.outputTokens());
        optional(json, "costUsd", r.costUsd());
        optional(json, "agentUsed", r.agentUsed());
        optional(json, "originalModel", r.originalModel());
        optional(json, "appliedModel", r.appliedModel());
        optional(json, "tokensPerSecond", r.tokensPerSecond());
        json.put("isStream", r.stream());
        optional(json, "apiKeyId", r.apiKeyId());
        optional(json, "apiKeyName", r.apiKeyName());
        if (r.accountsTried() != null) {
            json.put("accountsTried", parse(r.accountsTried()));
        }
        return json;
    }

    /** The live {@code summary} payload: as a list element, with the account id. */
    static Map<String, Object> summary(RequestRecord r) {
        return response(r, r.accountUsed());
    }

    /** The live {@code payload} event body: the stored shape plus {@code id}. */
    static JsonNode payloadEvent(String id, String agentUsed, PendingPayload payload) {
        ObjectNode json = payload.toJson();
        ObjectNode withId = Json.MAPPER.createObjectNode();
        withId.put("id", id);
        withId.setAll(json);
        ((ObjectNode) withId.get("meta")).put("agentUsed", agentUsed);
        return withId;
    }

    /** A {@code /api/requests/detail} element: the stored payload plus {@code id} and {@code meta.accountName}. */
    static JsonNode detail(RequestLogStore.StoredPayload stored) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", stored.id());
        JsonNode payload = parse(stored.json());
        if (!(payload instanceof ObjectNode object)) {
            json.put("error", "Failed to parse payload");
            return json;
        }
        json.setAll(object);
        if (stored.accountName() != null && json.get("meta") instanceof ObjectNode meta) {
            meta.put("accountName", stored.accountName());
        }
        return json;
    }

    static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static void optional(Map<String, Object> json, String name, Object value) {
        if (value == null || (value instanceof Number number && number.doubleValue() == 0)) {
            return;
        }
        json.put(name, value);
    }
}
