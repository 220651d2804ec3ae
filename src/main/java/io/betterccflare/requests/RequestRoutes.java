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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/requests} (newest first; optional {@code from}, {@code to}, {@code account}, {@code status},
 * {@code agent}, {@code apiKey} (an API key's id or name), {@code offset} filter and page the whole log),
 * {@code /api/requests/page} (the same, with the total),
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
        routes.get("/api/requests", ctx -> ctx.json(rows(store.search(filter(ctx), limit(ctx, 50), offset(ctx)))));
        // The dashboard's history: the same filters over the whole log, one page and the total.
        routes.get("/api/requests/page", ctx -> {
            RequestFilter filter = filter(ctx);
            int limit = limit(ctx, 50);
            int offset = offset(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rows", rows(store.search(filter, limit, offset)));
            body.put("total", store.count(filter));
            body.put("limit", limit);
            body.put("offset", offset);
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

    private static List<Map<String, Object>> rows(List<RequestLogStore.Stored> stored) {
        List<Map<String, Object>> body = new ArrayList<>();
        for (RequestLogStore.Stored row : stored) {
            RequestRecord record = row.record();
            Map<String, Object> json = RequestJson.response(record, row.accountName() != null ? row.accountName() : record.accountUsed());
            json.put("state", row.state());
            if ("pending".equals(row.state())) {
                json.put("success", null);
            }
            body.add(json);
        }
        return body;
    }

    private static RequestFilter filter(Context ctx) {
        return RequestFilter.of(ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("account"), ctx.queryParam("status"),
                ctx.queryParam("agent"), ctx.queryParam("apiKey"));
    }

    private static int offset(Context ctx) {
        String raw = ctx.queryParam("offset");
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(raw.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // Falls through to the error below.
        }
        throw ApiException.badRequest("offset must be a non-negative integer");
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
