package io.betterccflare.cli;

import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;

class PostgresCliAccountsTest extends CliAccountsContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env.with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
