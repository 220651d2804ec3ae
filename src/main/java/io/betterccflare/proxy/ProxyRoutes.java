package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.config.Config;
import io.betterccflare.logging.Logging;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.routing.SessionStrategy;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;
import org.slf4j.MDC;

/**
 * The proxied paths: every method on {@code /v1/*} (and {@code HEAD} through its {@code GET}) goes through
 * a {@link ProxyExchange}; nothing else ever reaches an upstream (issue 10: unknown {@code /api/*} paths
 * are the server's JSON 404/405, preflights its 204). A request that already carries this process's hop
 * marker came back to us through an account whose endpoint points at the proxy: it is answered 508 at
 * once instead of being sent round again. Thread-safe; one instance serves all requests.
 */
public final class ProxyRoutes implements RouteGroup {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private final ProxyServices services;

    public ProxyRoutes(Config config, AccountStore store, AccessTokens tokens, UpstreamHttp upstream,
                       AccountUpdates updates, ExchangeObserver observer, Clock clock) {
        this.services = new ProxyServices(config, new AccountPool(store), new SessionStrategy(config.routing().sessionDurationMs()),
                new ResponseClassifier(), tokens, upstream, updates, observer, clock, new UpstreamTargets(config.upstreams()));
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/v1/*", ctx -> {
                if (HopMarker.cameBack(ctx.req().getHeaders(HopMarker.HEADER))) {
                    HopMarker.refuse(ctx);
                    return;
                }
                try {
                    new ProxyExchange(services, ctx.req(), ctx.res()).run();
                } finally {
                    MDC.remove(Logging.REQUEST_ID);
                }
            });
        }
    }
}
