package io.betterccflare.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes to a key's limits as the API ({@code allowedModels}, {@code maxConcurrent}, {@code rpm},
 * {@code tokensPer5h}, {@code tokensPerDay}, {@code expiresAt}) or the CLI ({@code --allow-models} ...) send them:
 * a field that is present sets the limit, present as {@code null} (JSON) or {@code none} (CLI) removes it, absent
 * keeps it. Expiry is a date ({@code 2027-01-31}: the key works through that day, UTC), an ISO instant, or epoch
 * milliseconds. Invalid values are {@link AccessException}s naming the field. Immutable.
 */
public final class LimitChanges implements UnaryOperator<KeyLimits> {
    /** The JSON field names, in listing order. */
    public static final List<String> FIELDS = List.of("allowedModels", "maxConcurrent", "rpm", "tokensPer5h", "tokensPerDay", "expiresAt");

    private final Map<String, Object> changes;

    private LimitChanges(Map<String, Object> changes) {
        this.changes = changes;
    }

    /** The limit fields of a JSON object body; other fields are ignored. */
    public static LimitChanges fromJson(JsonNode body) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String field : FIELDS) {
            JsonNode value = body.get(field);
            if (value == null) {
                continue;
            }
            if (value.isNull()) {
                changes.put(field, null);
            } else if (field.equals("allowedModels")) {
                changes.put(field, models(value));
            } else if (field.equals("expiresAt")) {
                changes.put(field, value.isIntegralNumber() ? value.longValue() : expiry(field, value.asText()));
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                changes.put(field, value.longValue());
            } else {
                throw AccessException.invalid(field + " must be a positive integer or null");
            }
        }
        return new LimitChanges(changes);
    }

    /** The limit flags given on the command line, keyed by JSON field name; values are as typed. */
    public static LimitChanges fromText(Map<String, String> given) {
        Map<String, Object> changes = new LinkedHashMap<>();
        given.forEach((field, text) -> {
            if (text == null) {
                return;
            }
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("none")) {
                changes.put(field, null);
            } else if (field.equals("allowedModels")) {
                changes.put(field, Arrays.stream(trimmed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            } else if (field.equals("expiresAt")) {
                changes.put(field, expiry(field, trimmed));
            } else {
                try {
                    changes.put(field, Long.parseLong(trimmed));
                } catch (NumberFormatException e) {
                    throw AccessException.invalid(field + " must be a positive integer or none, not '" + trimmed + "'");
                }
            }
        });
        return new LimitChanges(changes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public KeyLimits apply(KeyLimits old) {
        try {
            return new KeyLimits(
                    changes.containsKey("allowedModels") ? (List<String>) changes.get("allowedModels") : old.allowedModels(),
                    changes.containsKey("maxConcurrent") ? toInt("maxConcurrent") : old.maxConcurrent(),
                    changes.containsKey("rpm") ? toInt("rpm") : old.rpm(),
                    changes.containsKey("tokensPer5h") ? (Long) changes.get("tokensPer5h") : old.tokensPer5h(),
                    changes.containsKey("tokensPerDay") ? (Long) changes.get("tokensPerDay") : old.tokensPerDay(),
                    changes.containsKey("expiresAt") ? (Long) changes.get("expiresAt") : old.expiresAt());
        } catch (IllegalArgumentException e) {
            throw AccessException.invalid(e.getMessage());
        }
    }

    private Integer toInt(String field) {
        Long value = (Long) changes.get(field);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw AccessException.invalid(field + " is too large");
        }
        return value == null ? null : value.intValue();
    }

    private static List<String> models(JsonNode value) {
        List<String> patterns = new ArrayList<>();
        if (value.isTextual()) {
            Arrays.stream(value.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(patterns::add);
            return patterns;
        }
        if (!value.isArray()) {
            throw AccessException.invalid("allowedModels must be an array of model patterns");
        }
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw AccessException.invalid("allowedModels must be an array of model patterns");
            }
            patterns.add(item.asText().trim());
        }
        return patterns;
    }

    private static long expiry(String field, String text) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (text.matches("\\d+")) {
                return Long.parseLong(text);
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw AccessException.invalid(field + " must be a date (2027-01-31), an ISO instant or epoch milliseconds, not '" + text + "'");
        }
    }
}
