package io.betterccflare.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Follows one response body as it passes and accumulates its {@link Usage}. Made for a content type by
 * {@link #forEventStream}, {@link #forJson} or {@link #ignoring}; fed every chunk in order by
 * {@link #accept}, then read once by {@link #finish}. Memory is bounded by the line cap, whatever the body
 * size. Malformed input is ignored, never thrown. Not thread-safe: confined to the request's thread.
 */
public final class UsageTracker {
    String model;
    long inputTokens;
    long cacheReadInputTokens;
    long cacheCreationInputTokens;
    Long cacheCreation5m;
    Long cacheCreation1h;
    long outputTokens;
    long firstTokenAtMs;
    long lastTokenAtMs;
    String error;
    boolean stopSeen;
    private final boolean stream;
    private final BodyReader reader;

    private UsageTracker(boolean stream, Function<UsageTracker, BodyReader> reader) {
        this.stream = stream;
        this.reader = reader.apply(this);
    }

    /** For {@code text/event-stream}: lines longer than {@code maxLineBytes} are skipped. */
    public static UsageTracker forEventStream(int maxLineBytes) {
        return new UsageTracker(true, tracker -> new SseUsageParser(tracker, maxLineBytes));
    }

    /** For an {@code application/json} body: read incrementally, only top-level {@code model}, {@code usage}, {@code error}. */
    public static UsageTracker forJson() {
        return new UsageTracker(false, JsonUsageScanner::new);
    }

    /** For bodies we cannot read (compressed, other types): reports {@link Usage#NONE}. */
    public static UsageTracker ignoring() {
        return new UsageTracker(false, tracker -> BodyReader.NONE);
    }

    /**
     * The tracker for a response with these headers: event stream when {@code streaming} or the content
     * type says so, JSON for a JSON type, nothing for compressed or other bodies. Header names match in any case.
     */
    public static UsageTracker forResponse(Map<String, List<String>> headers, boolean streaming, int maxLineBytes) {
        String type = header(headers, "content-type");
        String encoding = header(headers, "content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            return ignoring();
        }
        if (streaming || (type != null && type.contains("text/event-stream"))) {
            return forEventStream(maxLineBytes);
        }
        return type != null && type.contains("json") ? forJson() : ignoring();
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name) && entry.getValue() != null
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    /** Feeds the next bytes of the body, as they were sent to the client. */
    public void accept(byte[] buffer, int offset, int length, long nowMs) {
        if (length > 0) {
            reader.accept(buffer, offset, length, nowMs);
        }
    }

    /** Ends the body and returns what was found; {@link Usage#NONE} when no model was seen. */
    public Usage finish(long nowMs) {
        reader.end(nowMs);
        if (model == null || model.isEmpty()) {
            return error == null ? Usage.NONE
                    : new Usage(null, 0, 0, 0, null, null, 0, 0, 0, error, stopSeen);
        }
        return new Usage(model, inputTokens, cacheReadInputTokens, cacheCreationInputTokens, cacheCreation5m,
                cacheCreation1h, outputTokens, firstTokenAtMs, lastTokenAtMs, error, !stream || stopSeen);
    }

    /** Overrides each count the usage object carries; absent or null fields keep their value. */
    void applyUsage(JsonNode usage) {
        inputTokens = count(usage, "input_tokens", inputTokens);
        cacheReadInputTokens = count(usage, "cache_read_input_tokens", cacheReadInputTokens);
        cacheCreationInputTokens = count(usage, "cache_creation_input_tokens", cacheCreationInputTokens);
        outputTokens = count(usage, "output_tokens", outputTokens);
        JsonNode split = usage.get("cache_creation");
        if (split != null && split.isObject()) {
            JsonNode fiveMinutes = split.get("ephemeral_5m_input_tokens");
            JsonNode oneHour = split.get("ephemeral_1h_input_tokens");
            if (fiveMinutes != null && fiveMinutes.canConvertToLong()) {
                cacheCreation5m = fiveMinutes.asLong();
            }
            if (oneHour != null && oneHour.canConvertToLong()) {
                cacheCreation1h = oneHour.asLong();
            }
        }
    }

    private static long count(JsonNode usage, String field, long current) {
        JsonNode value = usage.get(field);
        return value != null && value.isNumber() ? Math.max(0, value.asLong()) : current;
    }

    /** How a body is read; implementations keep their own bounded state. */
    interface BodyReader {
        BodyReader NONE = new BodyReader() {
            @Override
            public void accept(byte[] buffer, int offset, int length, long nowMs) {
            }

            @Override
            public void end(long nowMs) {
            }
        };

        void accept(byte[] buffer, int offset, int length, long nowMs);

        void end(long nowMs);
    }
}
