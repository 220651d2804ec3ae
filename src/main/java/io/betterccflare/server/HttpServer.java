package io.betterccflare.server;

import io.betterccflare.config.Config;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Objects;

/**
 * Owns the Javalin/Jetty server: virtual threads, no response compression (SSE must flush as is), long
 * idle timeouts for streams, and the routes of every feature in the given order. Start once, stop once;
 * thread-safe for {@link #port()} after start.
 */
public final class HttpServer implements AutoCloseable {
    private static final long IDLE_TIMEOUT_MS = 600_000;

    private final Javalin app;
    private final Config.Server config;

    public HttpServer(Config.Server config, List<RouteGroup> groups) {
        this.config = Objects.requireNonNull(config, "config == null");
        this.app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            // The proxy reads its body itself with its own limit; this one bounds the API's bodies.
            javalin.http.maxRequestSize = config.maxRequestBodyBytes();
            javalin.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            javalin.startup.showJavalinBanner = false;
            javalin.jetty.modifyServer(server -> server.setStopTimeout(5_000));
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            javalin.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            ErrorMapper.register(javalin.routes);
            for (RouteGroup group : groups) {
                group.addTo(javalin.routes);
            }
        });
    }

    /** Binds and starts serving; a port in use is an {@link IllegalStateException} with a plain message. */
    public HttpServer start() {
        try {
            app.start();
            for (var connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof org.eclipse.jetty.server.AbstractConnector jetty) {
                    jetty.setIdleTimeout(IDLE_TIMEOUT_MS);
                }
            }
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof java.net.BindException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw new IllegalStateException("Port " + config.port() + " on " + config.host()
                        + " is already in use (choose another with --port or PORT)", e);
            }
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
