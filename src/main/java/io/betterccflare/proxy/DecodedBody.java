package io.betterccflare.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An upstream response's body as the proxy relays and records it: content codings undone (when the
 * upstream compressed although asked for identity), plus whatever was already read to classify it (an
 * error body, or a stream's first event) so the relay sends those bytes first. Used by one thread.
 */
final class DecodedBody {
    /** Longest first SSE event looked at before the head goes to the client. */
    private static final int MAX_FIRST_EVENT = 65_536;

    private final UpstreamResponse response;
    private final InputStream in;
    private final boolean decoded;
    private byte[] prefix = ClientRequest.EMPTY;

    private DecodedBody(UpstreamResponse response, InputStream in, boolean decoded) {
        this.response = response;
        this.in = in;
        this.decoded = decoded;
    }

    /** Opens the body; an encoding the proxy cannot undo is relayed as it came. */
    static DecodedBody of(UpstreamResponse response) throws IOException {
        List<String> codings = ContentDecoding.codings(response.header("content-encoding"));
        if (codings.isEmpty() || !ContentDecoding.decodable(codings)) {
            return new DecodedBody(response, response.body(), false);
        }
        return new DecodedBody(response, ContentDecoding.decode(codings, response.body()), true);
    }

    UpstreamResponse response() {
        return response;
    }

    /** True when the codings were undone: the client gets identity bytes, without content-encoding or length. */
    boolean decoded() {
        return decoded;
    }

    /** True for {@code text/event-stream}. */
    boolean eventStream() {
        String type = response.header("content-type");
        return type != null && type.contains("text/event-stream");
    }

    /** Bytes already read, which the relay sends before the rest. */
    byte[] prefix() {
        return prefix;
    }

    InputStream rest() {
        return in;
    }

    /** Reads the whole (small) body, up to {@code max} bytes, and keeps it as the prefix. */
    byte[] readAll(int max) throws IOException {
        prefix = in.readNBytes(max);
        return prefix;
    }

    /**
     * Reads up to the end of the first SSE event (a blank line) and keeps it as the prefix. Returns the
     * error envelope when that event is {@code event: error} (what a status would have said), else null.
     */
    JsonNode firstEventError() throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream(512);
        byte[] buffer = new byte[4_096];
        while (seen.size() < MAX_FIRST_EVENT && !endsEvent(seen)) {
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            seen.write(buffer, 0, read);
        }
        prefix = seen.toByteArray();
        return errorEnvelope(new String(prefix, StandardCharsets.UTF_8));
    }

    private static boolean endsEvent(ByteArrayOutputStream seen) {
        String text = seen.toString(StandardCharsets.UTF_8);
        return text.contains("\n\n") || text.contains("\r\n\r\n");
    }

    private static JsonNode errorEnvelope(String text) {
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                if (event != null || !data.isEmpty()) {
                    break;
                }
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        if (!"error".equals(event)) {
            return null;
        }
        try {
            JsonNode envelope = Json.MAPPER.readTree(data.toString());
            return envelope != null && envelope.path("error").isObject() ? envelope : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The status an error type stands for outside a stream (anthropic-wire.md §3). */
    static int statusOf(String errorType) {
        return switch (errorType) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "billing_error" -> 402;
            case "invalid_request_error" -> 400;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "timeout_error" -> 504;
            default -> 500;
        };
    }
}
