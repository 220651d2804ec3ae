package io.betterccflare.agents;

import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresAgentsThroughProxyTest extends AgentsThroughProxyContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env.with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
