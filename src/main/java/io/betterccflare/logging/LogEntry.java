package io.betterccflare.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One log event as written to the file and sent to the dashboard: epoch-ms time, level
 * ({@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}), message (with the whole stack trace when
 * an exception was logged), and, when known, the logger name and the id of the proxied request it
 * belongs to (the request log's row id). Immutable.
 */
public record LogEntry(long ts, String level, String msg, String logger, String requestId) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public LogEntry {
        Objects.requireNonNull(level, "level == null");
        Objects.requireNonNull(msg, "msg == null");
    }

    /** An entry outside any request. */
    public LogEntry(long ts, String level, String msg, String logger) {
        this(ts, level, msg, logger, null);
    }

    /**
     * The JSON object on one line, without a line break:
     * {@code {"ts":..,"level":..,"msg":..,"logger":..,"requestId":..}}, absent fields left out.
     */
    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("ts", ts);
        node.put("level", level);
        node.put("msg", msg);
        if (logger != null) {
            node.put("logger", logger);
        }
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        return node.toString();
    }

    /** Parses one line of the log file; blank, foreign or broken lines give empty. */
    public static Optional<LogEntry> parse(String line) {
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject() || !node.path("msg").isTextual() || !node.path("level").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new LogEntry(node.path("ts").asLong(), node.get("level").asText(), node.get("msg").asText(),
                    text(node, "logger"), text(node, "requestId")));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
