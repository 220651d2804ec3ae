package io.betterccflare.proxy;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What goes upstream: the method, the absolute {@code http://} or {@code https://} target, the headers
 * as they go on the wire (already filtered by {@link HeaderPolicy}; the client adds {@code host} and the
 * framing) and the whole body. Immutable by convention: nobody modifies the array.
 */
record UpstreamRequest(String method, URI target, List<Map.Entry<String, String>> headers, byte[] body) {
}
