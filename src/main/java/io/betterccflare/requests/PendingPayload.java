package io.betterccflare.requests;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.server.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's payload waiting to be stored: sanitised headers and capped bodies. {@link #toJson} gives the
 * reference's stored shape ({@code request}, {@code response}, {@code meta}); a capped body carries
 * {@code bodyTruncated: true} and {@code bodyBytes} (the full size). Immutable once built; the captures are
 * no longer written to when it is handed over.
 */
record PendingPayload(Map<String, String> requestHeaders, BodyCapture requestBody, Integer status,
                      Map<String, String> responseHeaders, BodyCapture responseBody, String accountId,
                      long timestamp, boolean success, boolean stream, String path, String method,
                      ArrayNode attempts) {

    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "x-goog-api-key", "cookie", "set-cookie");
    private static final Set<String> REQUEST_DROPPED = Set.of("accept-encoding", "content-encoding", "content-length",
            "transfer-encoding");
    private static final Set<String> RESPONSE_DROPPED = Set.of("content-encoding", "content-length", "transfer-encoding");

    /** Client request headers without credentials and transport headers; names in lower case. */
    static Map<String, String> requestHeaders(Map<String, List<String>> headers) {
        return sanitize(headers, REQUEST_DROPPED, true);
    }

    /** Upstream response headers without cookies and transport headers; names in lower case. */
    static Map<String, String> responseHeaders(Map<String, List<String>> headers) {
        return sanitize(headers, RESPONSE_DROPPED, false);
    }

    private static Map<String, String> sanitize(Map<String, List<String>> headers, Set<String> dropped, boolean request) {
        Map<String, String> clean = new LinkedHashMap<>();
        if (headers == null) {
            return clean;
        }
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            boolean secret = CREDENTIALS.contains(key)
                    || (request && (key.contains("api-key") || key.contains("token") || key.contains("secret")));
            if (!secret && !dropped.contains(key) && values != null) {
                clean.put(key, String.join(", ", values));
            }
        });
        return clean;
    }

    /** Bytes this payload holds in memory. */
    long sizeInBytes() {
        return requestBody.length() + (responseBody == null ? 0 : responseBody.length());
    }

    ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode request = root.putObject("request");
        request.set("headers", Json.MAPPER.valueToTree(requestHeaders));
        body(request, requestBody);
        if (status == null) {
            root.putNull("response");
        } else {
            ObjectNode response = root.putObject("response");
            response.put("status", status);
            response.set("headers", Json.MAPPER.valueToTree(responseHeaders));
            body(response, responseBody);
        }
        ObjectNode meta = root.putObject("meta");
        meta.put("accountId", accountId == null ? "no_account" : accountId);
        meta.put("timestamp", timestamp);
        meta.put("success", success);
        meta.put("isStream", stream);
        meta.put("retry", 0);
        meta.put("path", path);
        meta.put("method", method);
        if (!attempts.isEmpty()) {
            meta.set("accountsAttempted", attempts);
        }
        return root;
    }

    private static void body(ObjectNode target, BodyCapture capture) {
        if (capture == null || capture.total() == 0) {
            target.putNull("body");
            return;
        }
        target.put("body", Base64.getEncoder().encodeToString(capture.bytes()));
        if (capture.truncated()) {
            target.put("bodyTruncated", true);
            target.put("bodyBytes", capture.total());
        }
    }
}
