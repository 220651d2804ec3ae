package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.agents.ModelPolicy;
import io.betterccflare.config.Config;
import io.betterccflare.logging.Logging;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.ratelimit.RetryPolicy;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.routing.CircuitBreaker;
import io.betterccflare.routing.Router;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;
import org.slf4j.MDC;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * @param router     the strategies in force (shared with {@code /api/sessions})
     * @param lockouts   scoped lockouts (shared with {@code /api/accounts})
     * @param probeToken what this process's auto-refresh probes send in {@code x-better-ccflare-auto-refresh}
     * @param models     agent attribution and the model each account is sent (issue 14)
     * @param access     who the client is and whether its API key's limits admit the request (issue 15)
     */
    public ProxyRoutes(Config config, AccountStore store, AccessTokens tokens, UpstreamHttp upstream,
                       AccountUpdates updates, ExchangeObserver observer, Clock clock, Router router,
                       ScopedLockouts lockouts, String probeToken, ModelPolicy models,
                       ClientAccess access) {
        Config.Retry retry = config.retry();
        this.services = new ProxyServices(config, new AccountPool(store), router, new ResponseClassifier(), tokens, upstream,
                updates, observer, clock, new UpstreamTargets(config.upstreams()), lockouts, new CircuitBreaker(),
                new RetryPolicy(retry.attempts(), retry.delayMs(), retry.backoff(), () -> ThreadLocalRandom.current().nextDouble()),
                config.routing().holdMaxSeconds() * 1000L, probeToken, models, access);
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
