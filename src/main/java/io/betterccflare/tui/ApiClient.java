package io.betterccflare.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small typed client of the REST API (reference-surface §2.4) over loopback HTTP. Every call blocks; callers
 * run it off the UI thread. Failures are {@link ApiCallException}s carrying the API's {@code error} text.
 * Thread-safe: the underlying {@link HttpClient} is shared.
 */
final class ApiClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http;
    private final String apiKey;

    ApiClient(URI base) {
        this(base, null);
    }

    /** A client of the server at {@code base}; {@code apiKey} (null when keys are off) is sent as {@code x-api-key}. */
    ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI base() {
        return base;
    }

    ApiRecords.Health health() {
        return get("/health", ApiRecords.Health.class);
    }

    List<ApiRecords.Account> accounts() {
        return get("/api/accounts", new TypeReference<>() { });
    }

    void pause(String accountId) {
        post("/api/accounts/" + segment(accountId) + "/pause", null);
    }

    void resume(String accountId) {
        post("/api/accounts/" + segment(accountId) + "/resume", null);
    }

    void setPriority(String accountId, int priority) {
        post("/api/accounts/" + segment(accountId) + "/priority", Map.of("priority", priority));
    }

    void remove(String accountId, String confirmName) {
        send(request("/api/accounts/" + segment(accountId)).method("DELETE", body(Map.of("confirm", confirmName))).build());
    }

    void addZai(String name, String apiKey, int tier) {
        post("/api/accounts/zai", Map.of("name", name, "apiKey", apiKey, "tier", tier));
    }

    ApiRecords.OAuthStart oauthInit(String name, String mode, int tier) {
        return read(post("/api/oauth/init", Map.of("name", name, "mode", mode, "tier", tier)), type(ApiRecords.OAuthStart.class));
    }

    /** Finishes the code-paste flow; returns the API's message. */
    String oauthCallback(String sessionId, String code) {
        JsonNode reply = read(post("/api/oauth/callback", Map.of("sessionId", sessionId, "code", code)), type(JsonNode.class));
        return reply.path("message").asText("Account added");
    }

    List<ApiRecords.ApiKey> apiKeys() {
        return Json.MAPPER.convertValue(get("/api/api-keys", JsonNode.class).path("data"), new TypeReference<>() { });
    }

    /** Generates a key; returns its secret, which the API shows this once. */
    String generateApiKey(String name, String role) {
        JsonNode reply = read(post("/api/api-keys", Map.of("name", name, "role", role)), type(JsonNode.class));
        return reply.path("data").path("apiKey").asText();
    }

    void revokeApiKey(String id) {
        send(request("/api/api-keys/" + segment(id)).DELETE().build());
    }

    ApiRecords.Stats stats() {
        return get("/api/stats", ApiRecords.Stats.class);
    }

    /** The newest requests, only {@code agent}'s when it is not null. */
    List<ApiRecords.Request> requests(int limit, String agent) {
        String filter = agent == null ? "" : "&agent=" + java.net.URLEncoder.encode(agent, StandardCharsets.UTF_8);
        return get("/api/requests?limit=" + limit + filter, new TypeReference<>() { });
    }

    JsonNode payload(String requestId) {
        return get("/api/requests/payload/" + segment(requestId), JsonNode.class);
    }

    ApiRecords.Analytics analytics(String range) {
        return get("/api/analytics?range=" + segment(range), ApiRecords.Analytics.class);
    }

    List<ApiRecords.LogEvent> logHistory() {
        return get("/api/logs/history", new TypeReference<>() { });
    }

    String strategy() {
        return get("/api/config/strategy", JsonNode.class).path("strategy").asText();
    }

    List<String> strategies() {
        return get("/api/strategies", new TypeReference<>() { });
    }

    void setStrategy(String strategy) {
        post("/api/config/strategy", Map.of("strategy", strategy));
    }

    /** Follows {@code /api/logs/stream}; each log event goes to {@code sink} on the stream's own thread. */
    EventStream logStream(Consumer<ApiRecords.LogEvent> sink) {
        return EventStream.open(http, request("/api/logs/stream").GET().build(), data -> {
            JsonNode node = parse(data);
            if (node.has("msg")) {
                sink.accept(Json.MAPPER.convertValue(node, ApiRecords.LogEvent.class));
            }
        });
    }

    /** Follows {@code /api/requests/stream}; each JSON event ({@code start}, {@code summary}, {@code payload}) goes to {@code sink}. */
    EventStream requestStream(Consumer<JsonNode> sink) {
        return EventStream.open(http, request("/api/requests/stream").GET().build(), data -> {
            if (data.startsWith("{")) {
                sink.accept(parse(data));
            }
        });
    }

    ApiRecords.Agents agents() {
        return get("/api/agents", ApiRecords.Agents.class);
    }

    /** Stores the model an agent's requests use ({@code inherit} clears it). */
    void setAgentModel(String agentId, String model) {
        post("/api/agents/" + segment(agentId) + "/preference", Map.of("model", model));
    }

    String defaultAgentModel() {
        JsonNode reply = read(send(request("/api/config/model").GET().build()), type(JsonNode.class));
        return reply.path("model").asText("");
    }

    private <T> T get(String path, Class<T> type) {
        return read(send(request(path).GET().build()), type(type));
    }

    private <T> T get(String path, TypeReference<T> type) {
        return read(send(request(path).GET().build()), Json.MAPPER.getTypeFactory().constructType(type));
    }

    private String post(String path, Map<String, ?> body) {
        return send(request(path).POST(body(body == null ? Map.of() : body)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        return apiKey == null ? request : request.header("x-api-key", apiKey);
    }

    private static HttpRequest.BodyPublisher body(Map<String, ?> value) {
        try {
            return HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new ApiCallException("Cannot encode the request: " + e.getOriginalMessage(), e);
        }
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiCallException("Cannot reach the server at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException("Interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw new ApiCallException(errorText(response));
        }
        return response.body();
    }

    private static String errorText(HttpResponse<String> response) {
        String text = null;
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            JsonNode error = body == null ? null : body.get("error");
            if (error != null) {
                text = error.isTextual() ? error.asText() : error.path("message").asText(null);
            }
        } catch (JsonProcessingException e) {
            text = null;
        }
        return text == null || text.isBlank() ? "HTTP " + response.statusCode() + " from " + response.request().uri().getPath() : text;
    }

    private static JavaType type(Class<?> type) {
        return Json.MAPPER.getTypeFactory().constructType(type);
    }

    private static <T> T read(String body, JavaType type) {
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ApiCallException("Unexpected answer from the server: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new ApiCallException("Unexpected event from the server: " + e.getOriginalMessage(), e);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
