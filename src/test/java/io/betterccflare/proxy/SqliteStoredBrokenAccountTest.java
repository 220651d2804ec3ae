package io.betterccflare.proxy;

import io.betterccflare.support.TestEnv;
class SqliteStoredBrokenAccountTest extends StoredBrokenAccountContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
