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

    String firstHeader(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
