package io.betterccflare.agents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy needs from a Messages request body, read in one streaming pass without building the whole tree:
 * the {@code model} value and where its JSON string sits in the bytes (so it can be replaced without re-serialising,
 * reordering or losing anything else), and the combined prompt agents are detected in (reference-core.md §8.2
 * step 2: top-level {@code system}, the first {@code role:"system"} message, and the first user message when it
 * holds Claude Code's CLAUDE.md reminder). Immutable; {@link #scan} is thread-safe.
 */
record RequestModel(String model, int modelStart, int modelEnd, String prompt) {

    /** The body's parts, or null when it is not a JSON object. {@code model} is null when absent or not a string. */
    static RequestModel scan(byte[] body) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || body[first] != '{') {
            return null;
        }
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            parser.nextToken();
            String model = null;
            int start = -1;
            int end = -1;
            List<String> parts = new ArrayList<>(3);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("model") && value == JsonToken.VALUE_STRING) {
                    int at = (int) parser.currentTokenLocation().getByteOffset();
                    model = parser.getText();
                    int close = at >= 0 && at < body.length && body[at] == '"' ? closingQuote(body, at) : -1;
                    if (close > 0) {
                        start = at;
                        end = close + 1;
                    }
                } else if (field.equals("system")) {
                    addIfPresent(parts, text(parser.readValueAsTree()));
                } else if (field.equals("messages") && value == JsonToken.START_ARRAY) {
                    messages(parser, parts);
                } else {
                    parser.skipChildren();
                }
            }
            return new RequestModel(model, start, end, String.join("\n\n", parts));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first system-role message and the first user message (when it carries a CLAUDE.md reminder). */
    private static void messages(JsonParser parser, List<String> parts) throws IOException {
        boolean userSeen = false;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (userSeen || token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            JsonNode message = parser.readValueAsTree();
            String role = message.path("role").asText("");
            if (role.equals("system")) {
                addIfPresent(parts, text(message.get("content")));
            } else if (role.equals("user")) {
                userSeen = true;
                String text = text(message.get("content"));
                if (text != null && text.contains("Contents of") && text.contains("CLAUDE.md")) {
                    parts.add(text);
                }
            }
        }
    }

    /** A string, or the {@code type:"text"} items of an array joined with newlines; null otherwise. */
    private static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.path("type").asText("").equals("text") && item.path("text").isTextual()) {
                texts.add(item.path("text").asText());
            }
        }
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private static void addIfPresent(List<String> parts, String text) {
        if (text != null && !text.isEmpty()) {
            parts.add(text);
        }
    }

    /** Index of the quote closing the JSON string that opens at {@code open}; -1 when there is none. */
    private static int closingQuote(byte[] body, int open) {
        for (int i = open + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** True when the model's bytes were located and can be replaced. */
    boolean replaceable() {
        return model != null && modelStart >= 0;
    }

    /** The body with the model's JSON string replaced by {@code newModel}; every other byte is kept. */
    byte[] withModel(byte[] body, String newModel) {
        byte[] encoded;
        try {
            encoded = Json.MAPPER.writeValueAsBytes(newModel);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode a model name", e);
        }
        byte[] out = new byte[body.length - (modelEnd - modelStart) + encoded.length];
        System.arraycopy(body, 0, out, 0, modelStart);
        System.arraycopy(encoded, 0, out, modelStart, encoded.length);
        System.arraycopy(body, modelEnd, out, modelStart + encoded.length, body.length - modelEnd);
        return out;
    }
}
