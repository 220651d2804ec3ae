package io.betterccflare.agents;

import io.betterccflare.support.TestEnv;

class SqliteAgentsThroughProxyTest extends AgentsThroughProxyContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }
}
