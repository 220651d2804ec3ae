package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.config.Config;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.routing.SessionStrategy;
import java.time.Clock;

/** The shared, thread-safe collaborators of every {@link ProxyExchange}. */
record ProxyServices(
        Config config,
        AccountPool pool,
        SessionStrategy strategy,
        ResponseClassifier classifier,
        AccessTokens tokens,
        UpstreamClient upstream,
        AccountUpdates updates,
        ExchangeObserver observer,
        Clock clock,
        UpstreamTargets targets,
        ClientAccess access) {
}
