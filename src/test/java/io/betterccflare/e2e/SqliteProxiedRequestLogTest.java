package io.betterccflare.e2e;

import io.betterccflare.support.TestEnv;

class SqliteProxiedRequestLogTest extends ProxiedRequestLogContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
