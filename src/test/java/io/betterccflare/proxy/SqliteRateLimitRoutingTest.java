package io.betterccflare.proxy;

import io.betterccflare.support.TestEnv;

class SqliteRateLimitRoutingTest extends RateLimitRoutingContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
