package io.betterccflare.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.betterccflare.ratelimit.ModelFamily;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What routing needs to know about a client request, read cheaply: the requested {@code model} (top-level
 * field of the JSON body, for per-family scopes) and the client's session key: the
 * {@code X-Claude-Code-Session-Id} header, else the body's {@code metadata.user_id}. Only the top level of
 * the body is walked with a streaming parser; {@code messages} and other values are skipped unread, and the
 * walk stops once everything needed is found. A body that is not a JSON object gives nulls. Immutable.
 *
 * @param model      the requested model, or null
 * @param sessionKey the client's session key, or null
 */
public record RequestFacts(String model, String sessionKey) {
    /** The header Claude Code sends with a stable id per session (lowercase). */
    public static final String SESSION_HEADER = "x-claude-code-session-id";
    private static final int MAX_KEY_LENGTH = 512;

    /**
     * Reads the facts of a request.
     *
     * @param headers    the client's headers keyed by lower-case name
     * @param wantUserId whether to look for {@code metadata.user_id} when the header is absent
     */
    public static RequestFacts of(Map<String, List<String>> headers, byte[] body, boolean wantUserId) {
        String sessionKey = clean(first(headers, SESSION_HEADER));
        boolean needUser = wantUserId && sessionKey == null;
        String model = null;
        String userId = null;
        if (body.length > 0 && body[0] == '{') {
            try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("model".equals(field) && value == JsonToken.VALUE_STRING) {
                        model = parser.getText();
                    } else if (needUser && "metadata".equals(field) && value == JsonToken.START_OBJECT) {
                        userId = userId(parser);
                    } else {
                        parser.skipChildren();
                    }
                    if (model != null && (!needUser || userId != null)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // Not JSON (or cut short): route without the facts; the upstream judges the body.
            }
        }
        return new RequestFacts(model, sessionKey != null ? sessionKey : clean(userId));
    }

    /** The requested model's family ({@link ModelFamily}), or null. */
    public String family() {
        return ModelFamily.of(model);
    }

    private static String userId(JsonParser parser) throws IOException {
        String found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("user_id".equals(field) && value == JsonToken.VALUE_STRING) {
                found = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String clean(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        String trimmed = key.trim();
        return trimmed.length() > MAX_KEY_LENGTH ? trimmed.substring(0, MAX_KEY_LENGTH) : trimmed;
    }
}
