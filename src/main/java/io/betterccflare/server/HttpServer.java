package io.betterccflare.server;

import io.betterccflare.config.Config;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Owns the Javalin/Jetty server: virtual threads, no response compression (SSE must flush as is), long
 * idle timeouts for streams, and the routes of every feature in the given order. Start once, stop once;
 * thread-safe for {@link #port()} after start.
 */
public final class HttpServer implements AutoCloseable {
    private static final long IDLE_TIMEOUT_MS = 600_000;
    private static final int MAX_PLATFORM_THREADS = 16;
    private static final int MIN_PLATFORM_THREADS = 4;

    private final Javalin app;
    private final Config.Server config;

    public HttpServer(Config.Server config, List<RouteGroup> groups) {
        this.config = Objects.requireNonNull(config, "config == null");
        this.app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.jetty.threadPool = threadPool();
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            // A known path with another method is a 405 (with Allow), not a 404.
            javalin.http.prefer405over404 = true;
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

    /**
     * Jetty's selector and acceptor loops on a few platform threads, request handlers on virtual threads.
     * (Javalin's default runs the selector loops on virtual threads too, so every I/O event took an extra
     * hop through the JDK's poller and the shared carrier threads.)
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_PLATFORM_THREADS, MIN_PLATFORM_THREADS);
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-request-", 0).factory()));
        return threads;
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

    /** How to write {@code host} in a URL shown to people: wildcards become {@code localhost}, IPv6 gets brackets. */
    public static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    }

    public int port() {
        return app.port();
    }

    /** Where this process reaches its own server: the bound address, or loopback for a wildcard bind. */
    public URI localUri() {
        String host = config.host();
        String reachable = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "[::1]"
                : host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + reachable + ":" + port() + "/");
    }

    @Override
    public void close() {
        app.stop();
    }
}
