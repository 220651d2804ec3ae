package io.betterccflare.maintenance;

import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class PostgresHousekeepingTest extends HousekeepingContract {
    @Override
    protected TestEnv env(Path tempDir) {
        return new TestEnv(tempDir).with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
