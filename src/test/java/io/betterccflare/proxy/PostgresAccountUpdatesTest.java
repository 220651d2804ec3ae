package io.betterccflare.proxy;

import io.betterccflare.store.Database;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import io.betterccflare.support.WriteLocks;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresAccountUpdatesTest extends AccountUpdatesContract {

    @Override
    protected TestEnv env(Path temp) {
        return new TestEnv(temp).with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }

    @Override
    protected AutoCloseable holdWriteLock(Database database) {
        return WriteLocks.postgres(database, "accounts", "EXCLUSIVE");
    }
}
