package io.betterccflare.requests;

import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresRequestFilterTest extends RequestFilterContract {
    @Override
    protected TestEnv env(Path temp) {
        return new TestEnv(temp).with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
