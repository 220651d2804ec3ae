package io.betterccflare.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client every upstream call shares: blocking calls on the caller's virtual thread (no
 * hand-off to selector threads), keep-alive connections pooled per origin, TLS through the given
 * {@link SSLContext} with SNI and host name verification. Nothing is added to the request but
 * {@code host} and {@code content-length}, no redirect is followed and nothing is decompressed: bodies
 * stay byte-exact. A request goes out at most once, except when the first write on a pooled connection
 * fails (then no byte of it left this process) and it is sent once more on a new connection. Reads wait
 * at most {@link #READ_TIMEOUT_MS} for the next byte. Thread-safe; close once at shutdown.
 */
public final class UpstreamClient implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Longest wait for the next byte; long, because non-streaming answers only start when complete. */
    static final int READ_TIMEOUT_MS = 600_000;
    private static final int MAX_HEADERS = 256;

    private final ConnectionPool pool;
    private final SSLSocketFactory tls;

    /** Uses the JDK's default trust store for {@code https://} upstreams. */
    public UpstreamClient(Clock clock) {
        this(clock, defaultTls());
    }

    public UpstreamClient(Clock clock, SSLContext tls) {
        this.pool = new ConnectionPool(clock);
        this.tls = tls.getSocketFactory();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    /** The call failed before a response head arrived: no connection, a broken one, or no answer in time. */
    static final class Failure extends Exception {
        private final boolean timedOut;

        Failure(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }

        boolean timedOut() {
            return timedOut;
        }
    }

    /**
     * Sends and returns once the response head is in, with the body still to read. While it waits,
     * {@code link} closes the connection if the client goes away (the call then fails).
     */
    UpstreamResponse send(UpstreamRequest upstreamRequest, ClientLink link) throws Failure {
        URI target = upstreamRequest.target();
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https");
        String host = target.getHost();
        if (!secure && !scheme.equals("http") || host == null) {
            throw new Failure("unsupported upstream URL " + scheme + "://" + host, false);
        }
        int port = target.getPort() < 0 ? (secure ? 443 : 80) : target.getPort();
        String hostHeader = target.getPort() < 0 ? host : host + ":" + port;
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String origin = scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String requestTarget = target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
        String method = upstreamRequest.method();
        UpstreamConnection connection = pool.take(origin);
        boolean retried = false;
        while (true) {
            if (connection == null) {
                try {
                    connection = UpstreamConnection.open(origin, secure, address, port, tls, CONNECT_TIMEOUT_MS,
                            READ_TIMEOUT_MS);
                } catch (IOException e) {
                    throw failure("connect", e);
                }
            }
            link.whenGone(connection::close);
            try {
                connection.write(method, requestTarget, hostHeader, upstreamRequest.headers(), upstreamRequest.body(),
                        hasBodySemantics(method));
                return readResponse(connection, method);
            } catch (UpstreamConnection.NothingSent e) {
                connection.close();
                if (retried || link.gone()) {
                    throw failure("send", e);
                }
                retried = true;
                connection = null;
            } catch (IOException e) {
                connection.close();
                throw failure("exchange", e);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    private static boolean hasBodySemantics(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static Failure failure(String step, IOException cause) {
        return new Failure(step + " failed: " + cause, cause instanceof SocketTimeoutException);
    }

    private UpstreamResponse readResponse(UpstreamConnection connection, String method) throws IOException {
        while (true) {
            String statusLine = connection.readLine();
            int status = status(statusLine);
            Map<String, List<String>> headers = readHeaders(connection);
            if (status >= 100 && status < 200) {
                continue;
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.1") && !hasToken(headers.get("connection"), "close");
            return new UpstreamResponse(status, headers, body(connection, method, status, headers, keepAlive));
        }
    }

    private static int status(String statusLine) throws IOException {
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' ') {
            throw new IOException("upstream sent a malformed status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("upstream sent a malformed status line");
            }
            status = status * 10 + (c - '0');
        }
        return status;
    }

    private static Map<String, List<String>> readHeaders(UpstreamConnection connection) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        String line;
        while (!(line = connection.readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || ++count > MAX_HEADERS) {
                throw new IOException("upstream sent a malformed response header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
        return headers;
    }

    private UpstreamBody body(UpstreamConnection connection, String method, int status, Map<String, List<String>> headers,
                              boolean keepAlive) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return UpstreamBody.empty(connection, pool, keepAlive);
        }
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            String codings = String.join(",", encoding).trim().toLowerCase(Locale.ROOT);
            return codings.endsWith("chunked")
                    ? UpstreamBody.chunked(connection, pool, keepAlive)
                    : UpstreamBody.untilClose(connection, pool);
        }
        List<String> length = headers.get("content-length");
        if (length != null) {
            return UpstreamBody.fixed(connection, pool, keepAlive, contentLength(length));
        }
        return UpstreamBody.untilClose(connection, pool);
    }

    private static long contentLength(List<String> values) throws IOException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",")) {
                long parsed;
                try {
                    parsed = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    throw new IOException("upstream sent an invalid content-length");
                }
                if (parsed < 0 || length >= 0 && parsed != length) {
                    throw new IOException("upstream sent an invalid content-length");
                }
                length = parsed;
            }
        }
        return length;
    }

    private static boolean hasToken(List<String> values, String token) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
