package io.betterccflare.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What goes upstream: the method, the absolute {@code http://} or {@code https://} target, the headers
 * as they go on the wire (already filtered by {@link HeaderPolicy}; the client adds {@code host} and the
 * framing), the whole body, and the account's own proxy URL as stored ({@code proxyUrl}; null: the
 * environment's proxy, or direct). Immutable by convention: nobody modifies the array.
 */
record UpstreamRequest(String method, URI target, List<Map.Entry<String, String>> headers, byte[] body, String proxyUrl) {
    /** A request that leaves as the environment says (its proxy, {@code NO_PROXY}, or direct). */
    UpstreamRequest(String method, URI target, List<Map.Entry<String, String>> headers, byte[] body) {
        this(method, target, headers, body, null);
    }
}
