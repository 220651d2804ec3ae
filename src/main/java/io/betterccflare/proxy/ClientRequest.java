package io.betterccflare.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the client sent, read once: method, raw path and query, headers (lower-case names, in order)
 * and the whole body (replayed on failover). Immutable by convention: nobody modifies the arrays.
 */
record ClientRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    static final byte[] EMPTY = new byte[0];

    /** The body is larger than the configured limit; nothing more was read. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("request body too large", null, false, false);
        }
    }

    /** The request line and headers; the body comes separately from {@link #readBody}. */
    static Map<String, List<String>> headersOf(HttpServletRequest clientRequest) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(clientRequest.getHeaderNames())) {
            List<String> values = headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>(1));
            values.addAll(Collections.list(clientRequest.getHeaders(name)));
        }
        return headers;
    }

    /**
     * Reads the raw body up to {@code maxBytes}: a declared length above it is refused before
     * reading; a chunked body is refused as soon as it passes the limit.
     */
    static byte[] readBody(HttpServletRequest clientRequest, long maxBytes) throws TooLarge, IOException {
        long declared = clientRequest.getContentLengthLong();
        if (declared > maxBytes) {
            throw new TooLarge();
        }
        if (declared == 0) {
            return EMPTY;
        }
        InputStream in = clientRequest.getInputStream();
        if (declared > 0) {
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new IOException("client sent " + body.length + " of " + declared + " body bytes");
            }
            return body;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16_384];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (body.size() + (long) read > maxBytes) {
                throw new TooLarge();
            }
            body.write(buffer, 0, read);
        }
        return body.size() == 0 ? EMPTY : body.toByteArray();
    }

    /**
     * Reads and discards what is left of a refused body, up to {@code maxBytes}, so that the client
     * finishes sending and can read our answer; a larger rest is left (the connection then closes).
     */
    static void discardRest(HttpServletRequest clientRequest, long maxBytes) {
        try {
            InputStream in = clientRequest.getInputStream();
            byte[] buffer = new byte[16_384];
            long total = 0;
            int read;
            while (total < maxBytes && (read = in.read(buffer)) != -1) {
                total += read;
            }
        } catch (IOException e) {
            // The client is gone or sent garbage; the refusal is written anyway.
            return;
        }
    }

    /**
     * True when the JSON body asks for a stream ({@code "stream": true}), found by a byte scan: a quoted
     * key cannot occur inside a JSON string unescaped. Picks the shorter response-head deadline.
     */
    boolean wantsStream() {
        byte[] key = {'"', 's', 't', 'r', 'e', 'a', 'm', '"'};
        outer:
        for (int i = 0; i + key.length < body.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (body[i + j] != key[j]) {
                    continue outer;
                }
            }
            int at = skipSpace(i + key.length);
            if (at < body.length && body[at] == ':') {
                at = skipSpace(at + 1);
                return at + 4 <= body.length && body[at] == 't' && body[at + 1] == 'r' && body[at + 2] == 'u'
                        && body[at + 3] == 'e';
            }
        }
        return false;
    }

    private int skipSpace(int from) {
        int at = from;
        while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
            at++;
        }
        return at;
    }

    /** True when reading the body failed because the client's framing was invalid (a bad chunk size, ...). */
    static boolean badFraming(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException) {
                return true;
            }
        }
        return false;
    }

    String firstHeader(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
