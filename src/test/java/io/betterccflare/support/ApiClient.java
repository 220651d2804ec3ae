package io.betterccflare.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON client for the management API of a server on 127.0.0.1, for tests. Thread-safe.
 */
public final class ApiClient {
    private final HttpClient http;
    private final String base;
    private final java.util.List<String> extraHeaders;

    public ApiClient(int port) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
                "http://127.0.0.1:" + port, java.util.List.of());
    }

    private ApiClient(HttpClient http, String base, java.util.List<String> extraHeaders) {
        this.http = http;
        this.base = base;
        this.extraHeaders = extraHeaders;
    }

    /** A client that adds this header to every request (an API key, an Origin...). */
    public ApiClient withHeader(String name, String value) {
        java.util.List<String> headers = new java.util.ArrayList<>(extraHeaders);
        headers.add(name);
        headers.add(value);
        return new ApiClient(http, base, java.util.List.copyOf(headers));
    }

    /** Status, body and headers of one response; {@code json()} parses the body (null when empty). */
    public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            if (body.isEmpty()) {
                return null;
            }
            try {
                return Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply patch(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Any method with a raw body and content type (null for none). */
    public Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return send(request);
    }

    public Reply delete(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .method("DELETE", body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpClient http() {
        return http;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            for (int i = 0; i < extraHeaders.size(); i += 2) {
                request.header(extraHeaders.get(i), extraHeaders.get(i + 1));
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** Parses a JSON literal written in a test. */
    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Bad JSON in test: " + text, e);
        }
    }
}
