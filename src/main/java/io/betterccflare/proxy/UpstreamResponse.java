package io.betterccflare.proxy;

import java.util.List;
import java.util.Map;

/**
 * An upstream response as soon as its head is in: the status, the headers (lower-case names, looked up
 * case-insensitively) and the body still to read. The body is de-chunked but otherwise byte-exact;
 * closing it gives the connection back to the pool when it was read to its end, and closes the
 * connection otherwise. Used by the one thread that made the call.
 */
record UpstreamResponse(int status, Map<String, List<String>> headers, UpstreamBody body) {
    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
