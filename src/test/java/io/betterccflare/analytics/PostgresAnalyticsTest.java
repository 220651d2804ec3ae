package io.betterccflare.analytics;

import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresAnalyticsTest extends AnalyticsContract {
    @Override
    protected TestEnv env(Path temp) {
        return new TestEnv(temp).with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
