package io.betterccflare.access;

import io.betterccflare.support.TestEnv;

class SqliteApiKeysTest extends ApiKeysContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
