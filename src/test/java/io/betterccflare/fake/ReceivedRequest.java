package io.betterccflare.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request as {@link FakeAnthropic} received it: method, raw path and query, headers (lower-case
 * names, every value) and the body bytes. Immutable.
 */
public record ReceivedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                              long receivedAtMs) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON (fails the test if it is not). */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
