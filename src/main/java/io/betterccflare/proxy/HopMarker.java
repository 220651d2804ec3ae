package io.betterccflare.proxy;

import io.betterccflare.server.ErrorMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;

/**
 * Loop detection (issue 10 part 6). Every upstream request carries {@code x-better-ccflare-via}: the hop
 * list the client sent (when it came through other instances) plus this process's random id. A request
 * that arrives with our own id in that list went out through an account whose endpoint leads back here
 * (directly, or through other proxies); one with {@value #MAX_HOPS} hops or more is a loop among several
 * instances. Either is answered {@code 508} at once with an Anthropic-shaped error and the
 * {@value #LOOP} response header, which the sending exchange reads as "this account loops" (the header is
 * never passed on to clients: {@link HeaderPolicy#toClient} drops our own headers). Stateless apart from
 * the process id; thread-safe.
 */
final class HopMarker {
    static final String HEADER = "x-better-ccflare-via";
    static final String LOOP = "x-better-ccflare-loop";
    static final int STATUS = 508;
    /** A chain longer than this is a loop whatever the ids say (real chains have one or two hops). */
    static final int MAX_HOPS = 8;
    /** This process's id in the hop list; random, so two instances never take each other for themselves. */
    private static final String SELF = UUID.randomUUID().toString();

    private HopMarker() {
    }

    /** True when a client request with these values of {@link #HEADER} came round to this process again. */
    static boolean cameBack(Enumeration<String> values) {
        List<String> hops = hops(values == null ? List.of() : Collections.list(values));
        return hops.contains(SELF) || hops.size() >= MAX_HOPS;
    }

    /** The value of {@link #HEADER} towards the upstream: the client's hops, then this process. */
    static String forward(List<String> clientValues) {
        List<String> hops = hops(clientValues == null ? List.of() : clientValues);
        hops.add(SELF);
        return String.join(",", hops);
    }

    /** True when an upstream answered as a proxy that saw the request come back (see {@link #refuse}). */
    static boolean isLoopAnswer(UpstreamResponse upstreamResponse) {
        return upstreamResponse.status() == STATUS && upstreamResponse.header(LOOP) != null;
    }

    /** Answers a request that came back: 508, Anthropic-shaped, marked with {@link #LOOP}. */
    static void refuse(Context ctx) {
        ctx.status(STATUS).header(LOOP, "1").json(ErrorMapper.anthropicError("api_error",
                "Request loop: this request came back to the proxy it was sent from; "
                        + "an account's endpoint points at the proxy itself"));
    }

    private static List<String> hops(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String value : values) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }
}
