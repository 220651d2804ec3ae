package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.agents.ModelPolicy;
import io.betterccflare.config.Config;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.ratelimit.RetryPolicy;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.routing.CircuitBreaker;
import io.betterccflare.routing.Router;
import java.time.Clock;

/**
 * The shared, thread-safe collaborators of every {@link ProxyExchange}.
 *
 * @param holdMaxMs  how long a request that would get a 429 may wait for the earliest reset (0: never)
 * @param probeToken the value this process's auto-refresh probes send in {@code x-better-ccflare-auto-refresh}
 * @param models     agent attribution and the model each account is sent (issue 14)
 * @param access     who the client is (API keys) and whether its key's limits admit the request (issue 15)
 */
record ProxyServices(
        Config config,
        AccountPool pool,
        Router router,
        ResponseClassifier classifier,
        AccessTokens tokens,
        UpstreamHttp upstream,
        AccountUpdates updates,
        ExchangeObserver observer,
        Clock clock,
        UpstreamTargets targets,
        ScopedLockouts lockouts,
        CircuitBreaker breaker,
        RetryPolicy retry,
        long holdMaxMs,
        String probeToken,
        ModelPolicy models,
        ClientAccess access) {
}
