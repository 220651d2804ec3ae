package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.config.Config;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.routing.SessionStrategy;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/**
 * The proxy's catch-all: every method on every path no earlier route group matched (so {@code /v1/*}
 * and unmatched {@code /api/*}, as in the reference) goes through a {@link ProxyExchange}. Register it
 * last. Thread-safe; one instance serves all requests.
 */
public final class ProxyRoutes implements RouteGroup {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    private final ProxyServices services;

    /** The proxy without access control: every client request is anonymous. */
    public ProxyRoutes(Config config, AccountStore store, AccessTokens tokens, UpstreamClient upstream,
                       AccountUpdates updates, ExchangeObserver observer, Clock clock) {
        this(config, store, tokens, upstream, updates, observer, clock, ClientAccess.OPEN);
    }

    public ProxyRoutes(Config config, AccountStore store, AccessTokens tokens, UpstreamClient upstream,
                       AccountUpdates updates, ExchangeObserver observer, Clock clock, ClientAccess access) {
        this.services = new ProxyServices(config, new AccountPool(store), new SessionStrategy(config.routing().sessionDurationMs()),
                new ResponseClassifier(), tokens, upstream, updates, observer, clock, new UpstreamTargets(config.upstreams()), access);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/*", ctx -> new ProxyExchange(services, ctx.req(), ctx.res()).run());
        }
    }
}
