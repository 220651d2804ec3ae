package io.betterccflare.requests;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/requests} (newest first; {@code ?apiKey=} an API key's id or name keeps only its requests),
 * {@code /api/requests/detail}, {@code /api/requests/payload/{id}} and the live
 * SSE stream {@code /api/requests/stream}. Thread-safe; each stream holds its (virtual) thread while open.
 */
public final class RequestRoutes implements io.betterccflare.server.RouteGroup {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final byte[] CONNECTED = "event: connected\ndata: ok\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final RequestLogStore store;
    private final RequestEvents events;

    public RequestRoutes(RequestLogStore store, RequestEvents events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/requests", ctx -> {
            int limit = limit(ctx, 50);
            List<Map<String, Object>> body = new ArrayList<>();
            String apiKey = ctx.queryParam("apiKey");
            for (RequestLogStore.Stored stored : apiKey == null || apiKey.isBlank()
                    ? store.recent(limit) : store.recentByApiKey(limit, apiKey.trim())) {
                RequestRecord record = stored.record();
                String label = stored.accountName() != null ? stored.accountName() : record.accountUsed();
                body.add(RequestJson.response(record, label));
            }
            ctx.json(body);
        });
        routes.get("/api/requests/detail", ctx -> {
            int limit = limit(ctx, 100);
            List<JsonNode> body = new ArrayList<>();
            for (RequestLogStore.StoredPayload stored : store.recentPayloads(limit)) {
                body.add(RequestJson.detail(stored));
            }
            ctx.json(body);
        });
        routes.get("/api/requests/payload/{id}", ctx -> {
            String json = store.payload(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("Request not found"));
            JsonNode payload = RequestJson.parse(json);
            if (payload == null) {
                throw new ApiException(500, "api_error", "Failed to parse payload", null);
            }
            ctx.json(payload);
        });
        routes.get("/api/requests/stream", this::stream);
    }

    private void stream(Context ctx) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("Connection", "keep-alive");
        try (RequestEvents.Subscription subscription = events.subscribe()) {
            OutputStream out = ctx.res().getOutputStream();
            out.write(CONNECTED);
            out.flush();
            while (true) {
                Map<String, Object> event = subscription.next(KEEP_ALIVE);
                if (event == null) {
                    out.write(COMMENT);
                } else {
                    out.write(("data: " + Json.MAPPER.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        } catch (RequestEvents.Closed | IOException e) {
            // The client went away or the server is stopping: the stream simply ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int limit(Context ctx, int fallback) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be an integer");
        }
        if (limit < 1) {
            throw ApiException.badRequest("limit must be at least 1");
        }
        if (limit > 1000) {
            throw ApiException.badRequest("limit must be at most 1000");
        }
        return limit;
    }
}
