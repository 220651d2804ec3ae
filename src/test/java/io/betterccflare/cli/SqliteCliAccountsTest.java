package io.betterccflare.cli;

import io.betterccflare.support.TestEnv;

class SqliteCliAccountsTest extends CliAccountsContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
