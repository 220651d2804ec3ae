package io.betterccflare.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.Json;
import io.javalin.http.Context;

/**
 * A request's JSON object body with typed, validating accessors whose failures are 400s worded as the
 * reference's validation messages ({@code <field> is required}, {@code <field> must be a string},
 * {@code <field> must be an integer}...). An empty body reads as {@code {}}. Not thread-safe; one per request.
 */
final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    static JsonBody of(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return new JsonBody(Json.MAPPER.createObjectNode());
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Request body is not valid JSON");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    /** True when the field is present, even as {@code null}. */
    boolean has(String field) {
        return node.has(field);
    }

    /** A non-blank string, as sent (not trimmed). */
    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    /** The string, or null when absent or {@code null}. */
    String optionalString(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return value.asText();
    }

    /** An integer given as a JSON number or a numeric string; null when absent or {@code null}. */
    Integer optionalInt(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
                && Math.abs(value.doubleValue()) <= Integer.MAX_VALUE) {
            return (int) value.doubleValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(field + " must be an integer");
            }
        }
        throw ApiException.badRequest(field + " must be an integer");
    }

    /** A JSON boolean; null when absent or {@code null}. */
    Boolean optionalBoolean(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** An array of strings; null when absent or {@code null}. */
    java.util.List<String> optionalStringList(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        java.util.List<String> list = new java.util.ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw ApiException.badRequest(field + " must be an array of strings");
                }
                list.add(item.asText());
            }
            return list;
        }
        throw ApiException.badRequest(field + " must be an array of strings");
    }

    /** An object whose values are strings, in the order sent; null when absent or {@code null}. */
    java.util.Map<String, String> optionalStringMap(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(field + " must be an object of strings");
        }
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw ApiException.badRequest(field + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    int requiredInt(String field) {
        Integer value = optionalInt(field);
        if (value == null) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    /** A 0/1 switch: numbers 0 and 1, strings "0" and "1", or booleans. */
    boolean requiredSwitch(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isNumber() ? value.numberValue().toString() : value.isTextual() ? value.asText().trim() : "";
        return switch (text) {
            case "1", "1.0" -> true;
            case "0", "0.0" -> false;
            default -> throw ApiException.badRequest(field + " must be one of: 0, 1");
        };
    }
}
