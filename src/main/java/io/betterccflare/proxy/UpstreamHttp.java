package io.betterccflare.proxy;

import io.betterccflare.accounts.AccountException;
import io.betterccflare.accounts.ProxyUrl;
import io.betterccflare.config.Config;
import java.io.EOFException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The one HTTP client every proxied upstream call shares: Jetty's {@link HttpClient} 12, HTTP/1.1 on
 * {@code http://} and HTTP/2 or HTTP/1.1 through ALPN on {@code https://}, keep-alive pools per origin,
 * every resolved address tried in turn, the outbound proxies of {@link Config.Outbound} (with
 * {@code NO_PROXY}), and an account's own proxy ({@link ProxyUrl}) in place of those for that account's
 * calls: one more client per distinct proxy URL, on the shared client's threads. A {@code 407} (only a proxy
 * sends it) is a connection failure, never an answer. Nothing is added to the request but what HTTP needs
 * ({@code host}, framing), no redirect is followed and nothing is decoded here: the proxy asks for identity bodies and decodes its
 * own copy when an upstream compresses anyway ({@link ContentDecoding}).
 *
 * <p>Timeouts: connect per address ({@code connectTimeoutMs}); the whole response head within
 * {@code streamHeaderTimeoutMs} or {@code headerTimeoutMs} (a head trickled a byte at a time is cut at
 * that deadline, and so is a request body the upstream stops reading); once the head is in, the body must
 * keep moving: no byte for {@code idleMs} aborts it ({@link UpstreamResponse}). A request whose connection
 * turns out to be dead before any response byte (a pooled connection the peer had just closed) is sent
 * once more on a fresh connection and does not count against the account. Thread-safe; close once.
 */
public final class UpstreamHttp implements AutoCloseable {
    /** How often a client waiting for the response head is checked for having left. */
    private static final long PROBE_MS = 250;
    /** Proxy Authentication Required (RFC 9110 §15.5.8). */
    private static final int PROXY_REFUSED = 407;
    /** How long an unused pooled connection is kept. */
    private static final long POOL_IDLE_MS = 20_000;

    private final HttpClient client;
    private final Config.Outbound settings;
    private final long idleMs;
    private final SslContextFactory.Client tls;
    private final SocketAddressResolver resolver;
    /** One client per distinct account proxy URL (as stored), made on first use, stopped by {@link #close}. */
    private final ConcurrentHashMap<String, HttpClient> viaAccountProxy = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The production client: the JDK's trust store, the system's resolver. */
    public UpstreamHttp(Config.Outbound settings, long streamIdleTimeoutMs) {
        this(settings, streamIdleTimeoutMs, new SslContextFactory.Client(), null);
    }

    /** With a given TLS context (tests trust their own certificate) and, when non-null, name resolver. */
    UpstreamHttp(Config.Outbound settings, long streamIdleTimeoutMs, SslContextFactory.Client tls,
                 SocketAddressResolver resolver) {
        this.settings = settings;
        this.idleMs = streamIdleTimeoutMs;
        this.tls = tls;
        this.resolver = resolver;
        NoProxy noProxy = new NoProxy(settings.noProxy());
        HttpClient shared = newClient(null);
        addProxy(shared.getProxyConfiguration(), settings.httpProxy(), "http", noProxy);
        addProxy(shared.getProxyConfiguration(), settings.httpsProxy(), "https", noProxy);
        this.client = start(shared);
    }

    /**
     * A client configured as every upstream client is; with {@code shared} it uses that client's threads,
     * scheduler and buffers (an account proxy's client adds one selector, not a thread pool).
     */
    private HttpClient newClient(HttpClient shared) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(Duration.ofMillis(settings.connectTimeoutMs()));
        connector.setSelectors(1);
        HTTP2Client http2 = new HTTP2Client(connector);
        HttpClient created = new HttpClient(new HttpClientTransportDynamic(connector,
                HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(http2)));
        created.setFollowRedirects(false);
        created.setUserAgentField(null);
        created.setIdleTimeout(POOL_IDLE_MS);
        created.setMaxConnectionsPerDestination(1 << 16);
        created.setMaxRequestsQueuedPerDestination(1 << 16);
        if (resolver != null) {
            created.setSocketAddressResolver(resolver);
        }
        if (shared != null) {
            created.setExecutor(shared.getExecutor());
            created.setScheduler(shared.getScheduler());
            created.setByteBufferPool(shared.getByteBufferPool());
        }
        return created;
    }

    private static HttpClient start(HttpClient created) {
        try {
            created.start();
            // After start, which installs them: the default gzip decoder (it would ask for gzip and decode), and
            // the redirect, authentication and 100-continue handlers (statuses must reach the proxy as sent).
            created.getContentDecoderFactories().clear();
            created.getProtocolHandlers().clear();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the upstream HTTP client: " + e.getMessage(), e);
        }
        return created;
    }

    private static void addProxy(ProxyConfiguration proxies, URI proxy, String scheme, NoProxy noProxy) {
        if (proxy != null) {
            proxies.addProxy(new SchemeProxy(proxy, scheme, noProxy));
        }
    }

    /**
     * The client for a request: the shared one, or the one of the account's own proxy (made on first use).
     * An account proxy takes every upstream of that account, whatever {@code NO_PROXY} says: the user named
     * it for that account. With user info, its Basic {@code Proxy-Authorization} goes with every request and
     * {@code CONNECT}, preemptively (the handlers that would answer a 407 challenge are off).
     */
    private HttpClient clientFor(String proxyUrl) throws Failure {
        if (proxyUrl == null) {
            return client;
        }
        if (closed) {
            throw new Failure(FailureKind.CONNECTION, "the upstream client is closed");
        }
        HttpClient existing = viaAccountProxy.get(proxyUrl);
        if (existing != null) {
            return existing;
        }
        ProxyUrl proxy;
        try {
            proxy = new ProxyUrl(proxyUrl);
        } catch (AccountException e) {
            throw new Failure(FailureKind.CONNECTION, "the account's stored proxy URL is not valid: " + e.getMessage());
        }
        return viaAccountProxy.computeIfAbsent(proxyUrl, key -> {
            HttpClient created = newClient(client);
            HttpProxy httpProxy = new HttpProxy(new Origin.Address(proxy.host(), proxy.port()), proxy.scheme().equals("https"));
            created.getProxyConfiguration().addProxy(httpProxy);
            if (proxy.user() != null) {
                created.getAuthenticationStore().addAuthenticationResult(new BasicAuthentication.BasicResult(
                        httpProxy.getURI(), HttpHeader.PROXY_AUTHORIZATION, proxy.user(), proxy.password()));
            }
            return start(created);
        });
    }

    /** Why a call failed before a response head arrived. */
    enum FailureKind {
        /** No connection could be made, or it broke before the head. */
        CONNECTION,
        /** No complete head within the deadline. */
        TIMEOUT,
        /** The upstream's head was not valid HTTP (bad framing, malformed header). */
        BAD_RESPONSE,
        /** The client went away and the call was abandoned. */
        CLIENT_GONE
    }

    /** The call failed before a response head arrived; the message never holds request data. */
    static final class Failure extends Exception {
        private final FailureKind kind;

        Failure(FailureKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        FailureKind kind() {
            return kind;
        }
    }

    /**
     * Sends and returns once the response head is in, with the body still to read. A {@code streaming}
     * request gets the short head deadline. While it waits, {@code link} aborts the call if the client goes
     * away. Called on the request's own (virtual) thread, which blocks until the head or a failure.
     */
    UpstreamResponse send(UpstreamRequest upstreamRequest, ClientLink link, boolean streaming) throws Failure {
        long headDeadlineMs = streaming ? settings.streamHeaderTimeoutMs() : settings.headerTimeoutMs();
        HttpClient via = clientFor(upstreamRequest.proxyUrl());
        for (int attempt = 0; ; attempt++) {
            Request request = newRequest(via, upstreamRequest, headDeadlineMs);
            InputStreamResponseListener listener = new InputStreamResponseListener();
            link.whenGone(() -> request.abort(new ClientGone()));
            request.send(listener);
            try {
                Response response = awaitHead(listener, request, link, headDeadlineMs);
                if (response.getStatus() == PROXY_REFUSED) {
                    // Only a proxy sends 407: the request never reached the upstream, so it is no upstream answer.
                    request.abort(new IllegalStateException("proxy refused"));
                    throw new Failure(FailureKind.CONNECTION, "the proxy refused the request: 407 Proxy Authentication Required");
                }
                return new UpstreamResponse(response, listener.getInputStream(), request, via.getScheduler(), idleMs);
            } catch (InterruptedException e) {
                request.abort(e);
                Thread.currentThread().interrupt();
                throw new Failure(FailureKind.CLIENT_GONE, "interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (link.gone() || cause instanceof ClientGone) {
                    throw new Failure(FailureKind.CLIENT_GONE, "client gone");
                }
                if (attempt == 0 && staleConnection(cause)) {
                    continue;
                }
                throw failure(cause);
            } finally {
                link.clear();
            }
        }
    }

    /**
     * Waits for the head in short slices, probing the client's connection between them, so a client that
     * leaves before the head stops the call within {@link #PROBE_MS}; at the deadline the call is aborted.
     */
    private static Response awaitHead(InputStreamResponseListener listener, Request request, ClientLink link,
                                      long headDeadlineMs) throws Failure, InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(headDeadlineMs);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                request.abort(new TimeoutException("no response head in time"));
                throw new Failure(FailureKind.TIMEOUT, "no response head within " + headDeadlineMs + " ms");
            }
            try {
                return listener.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(PROBE_MS)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (link.probeGone()) {
                    request.abort(new ClientGone());
                    throw new Failure(FailureKind.CLIENT_GONE, "client gone");
                }
            }
        }
    }

    private Request newRequest(HttpClient via, UpstreamRequest upstreamRequest, long headDeadlineMs) {
        Request request = via.newRequest(upstreamRequest.target())
                .method(upstreamRequest.method())
                .idleTimeout(Math.max(headDeadlineMs, idleMs), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    for (Map.Entry<String, String> header : upstreamRequest.headers()) {
                        headers.add(header.getKey(), header.getValue());
                    }
                });
        byte[] body = upstreamRequest.body();
        if (body.length > 0) {
            request.body(new BytesRequestContent((String) null, body));
        }
        return request;
    }

    /** A dead connection noticed before any response byte: the request did not reach a live peer. */
    private static boolean staleConnection(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static Failure failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpException) {
                return new Failure(FailureKind.BAD_RESPONSE, "malformed response: " + t.getMessage());
            }
            if (t instanceof TimeoutException) {
                return new Failure(FailureKind.TIMEOUT, "timed out: " + t.getMessage());
            }
        }
        return new Failure(FailureKind.CONNECTION, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** Why the proxy aborted an upstream call: its client left. */
    static final class ClientGone extends Exception {
        ClientGone() {
            super("client disconnected", null, false, false);
        }
    }

    /** Stops the account proxies' clients, then the shared one (whose threads they use). */
    @Override
    public void close() {
        closed = true;
        try {
            for (HttpClient each : viaAccountProxy.values()) {
                each.stop();
            }
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the upstream HTTP client", e);
        }
    }

    /** A proxy for one target scheme, skipped for the hosts {@code NO_PROXY} names. */
    private static final class SchemeProxy extends HttpProxy {
        private final String scheme;
        private final NoProxy noProxy;

        SchemeProxy(URI proxy, String scheme, NoProxy noProxy) {
            super(new Origin.Address(proxy.getHost(), proxy.getPort()), false);
            this.scheme = scheme;
            this.noProxy = noProxy;
        }

        @Override
        public boolean matches(Origin origin) {
            return origin.getScheme().equalsIgnoreCase(scheme) && !noProxy.excludes(origin.getAddress().getHost())
                    && super.matches(origin);
        }
    }

    /**
     * {@code NO_PROXY} as curl reads it: comma- or space-separated entries; {@code *} matches every host;
     * otherwise a host matches an entry equal to it or a parent domain of it ({@code corp} and {@code .corp}
     * both match {@code api.corp}); a {@code :port} suffix and IPv6 brackets are ignored. Immutable.
     */
    static final class NoProxy {
        private final java.util.List<String> entries;

        NoProxy(String raw) {
            java.util.List<String> parsed = new java.util.ArrayList<>();
            for (String entry : raw.split("[,\\s]+")) {
                String host = entry.trim().toLowerCase(Locale.ROOT);
                if (host.startsWith("[")) {
                    host = host.substring(1, Math.max(1, host.indexOf(']')));
                } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
                    host = host.substring(0, host.indexOf(':'));
                }
                while (host.startsWith(".")) {
                    host = host.substring(1);
                }
                if (!host.isEmpty()) {
                    parsed.add(host);
                }
            }
            this.entries = java.util.List.copyOf(parsed);
        }

        boolean excludes(String host) {
            String name = host.toLowerCase(Locale.ROOT);
            if (name.startsWith("[")) {
                name = name.substring(1, name.length() - 1);
            }
            for (String entry : entries) {
                if (entry.equals("*") || name.equals(entry) || name.endsWith("." + entry)) {
                    return true;
                }
            }
            return false;
        }
    }
}
