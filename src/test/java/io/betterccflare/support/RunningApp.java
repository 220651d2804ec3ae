package io.betterccflare.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.app.App;
import io.betterccflare.config.Config;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * The real app (database, services, HTTP server on port 0) for endpoint tests, with a small HTTP client.
 * Close it to stop the server and flush the request log.
 */
public final class RunningApp implements AutoCloseable {
    private final App app;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningApp(App app) {
        this.app = app;
        this.port = app.serve().port();
    }

    public static RunningApp start(Config config, Clock clock) {
        return new RunningApp(App.open(config, clock));
    }

    public App app() {
        return app;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A response: status and body text, with the body parsed as JSON on demand. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        app.close();
        client.close();
    }
}
