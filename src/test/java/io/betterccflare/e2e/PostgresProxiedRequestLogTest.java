package io.betterccflare.e2e;

import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;

class PostgresProxiedRequestLogTest extends ProxiedRequestLogContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env.with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
