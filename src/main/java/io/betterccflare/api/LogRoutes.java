package io.betterccflare.api;

import io.betterccflare.logging.LogBus;
import io.betterccflare.logging.LogEntry;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /api/logs/history} (the last 1000 entries, oldest first) and {@code GET /api/logs/stream}
 * (server-sent events: {@code {"connected":true}}, then one {@code data:} frame per log entry, with a
 * comment frame as keepalive when nothing happens). Each stream runs on its request's virtual thread
 * with its own bounded subscription, so a slow client never slows logging; a client that goes away is
 * noticed at the next write and its subscription closed. {@link #close} ends every open stream.
 * Thread-safe.
 */
public final class LogRoutes implements RouteGroup, AutoCloseable {
    private static final long POLL_MS = 250;

    private final LogBus bus;
    private final long keepAliveMs;
    private volatile boolean closed;

    public LogRoutes(LogBus bus, Duration keepAlive) {
        this.bus = bus;
        this.keepAliveMs = keepAlive.toMillis();
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/logs/history", ctx -> ctx.json(bus.history().stream().map(LogRoutes::view).toList()));
        routes.get("/api/logs/stream", this::stream);
    }

    private void stream(Context ctx) {
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        try (LogBus.Subscription subscription = bus.subscribe()) {
            OutputStream out = response.getOutputStream();
            send(out, "data: {\"connected\":true}\n\n");
            long quietMs = 0;
            while (!closed) {
                LogEntry entry = subscription.next(Math.min(POLL_MS, keepAliveMs));
                if (entry != null) {
                    quietMs = 0;
                    send(out, "data: " + ApiJson.write(view(entry)) + "\n\n");
                } else if ((quietMs += Math.min(POLL_MS, keepAliveMs)) >= keepAliveMs) {
                    quietMs = 0;
                    send(out, ": keepalive\n\n");
                }
            }
        } catch (IOException e) {
            // The client went away; the subscription is closed by try-with-resources.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** {@code {ts, level, msg}} plus {@code logger} and {@code requestId} when known. */
    static Map<String, Object> view(LogEntry entry) {
        Map<String, Object> view = ApiBodies.of("ts", entry.ts(), "level", entry.level(), "msg", entry.msg());
        if (entry.logger() != null) {
            view.put("logger", entry.logger());
        }
        if (entry.requestId() != null) {
            view.put("requestId", entry.requestId());
        }
        return view;
    }

    /** Ends every open stream within a poll interval (used at shutdown, before the server stops). */
    @Override
    public void close() {
        closed = true;
    }
}
