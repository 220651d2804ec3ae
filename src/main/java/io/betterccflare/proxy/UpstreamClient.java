package io.betterccflare.proxy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one HTTP client every upstream call shares (connection pooling, no per-request setup). Plain
 * {@code http://} upstreams are pinned to HTTP/1.1 per request (the JDK would otherwise try an h2c
 * upgrade); {@code https://} negotiates HTTP/2 where offered. No redirects are followed and nothing is
 * decompressed: bodies stay byte-exact. Thread-safe; close once at shutdown.
 */
public final class UpstreamClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response headers arrive; long, because non-streaming answers only start when complete. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http;

    public UpstreamClient() {
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request builder for {@code uri}'s scheme, with the response timeout set. */
    static HttpRequest.Builder builder(java.net.URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder;
    }

    /** Sends; the future completes when the response headers are in, with the body still to read. */
    CompletableFuture<HttpResponse<InputStream>> send(HttpRequest upstreamRequest) {
        return http.sendAsync(upstreamRequest, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public void close() {
        http.close();
    }
}
