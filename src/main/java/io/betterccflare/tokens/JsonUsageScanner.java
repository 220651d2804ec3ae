package io.betterccflare.tokens;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.betterccflare.server.Json;
import java.io.IOException;

/**
 * Reads a JSON response body incrementally with Jackson's non-blocking parser and keeps only the top-level
 * {@code model}, the {@code usage} counts (with the {@code cache_creation} split) and an {@code error}'s type
 * and message. The body itself is never held. Malformed JSON stops the scan silently. Not thread-safe.
 */
final class JsonUsageScanner implements UsageTracker.BodyReader {
    private static final int MAX_DEPTH = 3;

    private final UsageTracker tracker;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final String[] path = new String[MAX_DEPTH + 1];
    private int depth;
    private boolean broken;
    private String errorType;
    private String errorMessage;

    JsonUsageScanner(UsageTracker tracker) {
        this.tracker = tracker;
        try {
            this.parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson has no non-blocking parser", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    @Override
    public void accept(byte[] buffer, int offset, int length, long nowMs) {
        if (broken) {
            return;
        }
        try {
            feeder.feedInput(buffer, offset, offset + length);
            drain();
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public void end(long nowMs) {
        if (!broken) {
            feeder.endOfInput();
            try {
                drain();
            } catch (IOException e) {
                broken = true;
            }
        }
        if (errorType != null || errorMessage != null) {
            String type = errorType == null ? "error" : errorType;
            tracker.error = errorMessage == null || errorMessage.isEmpty() ? type : type + ": " + errorMessage;
        }
    }

    private void drain() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    if (depth <= MAX_DEPTH) {
                        path[depth] = null;
                    }
                }
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME -> {
                    if (depth <= MAX_DEPTH) {
                        path[depth] = parser.currentName();
                    }
                }
                case VALUE_STRING -> string(parser.getText());
                case VALUE_NUMBER_INT -> number(parser.getLongValue());
                default -> {
                }
            }
        }
    }

    private void string(String value) {
        if (depth == 1 && "model".equals(path[1])) {
            tracker.model = value;
        } else if (depth == 2 && "error".equals(path[1])) {
            if ("type".equals(path[2])) {
                errorType = value;
            } else if ("message".equals(path[2])) {
                errorMessage = value;
            }
        }
    }

    private void number(long value) {
        if (depth < 2 || !"usage".equals(path[1])) {
            return;
        }
        long count = Math.max(0, value);
        if (depth == 2 && path[2] != null) {
            switch (path[2]) {
                case "input_tokens" -> tracker.inputTokens = count;
                case "output_tokens" -> tracker.outputTokens = count;
                case "cache_read_input_tokens" -> tracker.cacheReadInputTokens = count;
                case "cache_creation_input_tokens" -> tracker.cacheCreationInputTokens = count;
                default -> {
                }
            }
        } else if (depth == 3 && "cache_creation".equals(path[2]) && path[3] != null) {
            switch (path[3]) {
                case "ephemeral_5m_input_tokens" -> tracker.cacheCreation5m = count;
                case "ephemeral_1h_input_tokens" -> tracker.cacheCreation1h = count;
                default -> {
                }
            }
        }
    }
}
