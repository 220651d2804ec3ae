package io.betterccflare.requests;

import io.betterccflare.store.Database;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import io.betterccflare.support.WriteLocks;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresRequestLogTest extends RequestLogContract {
    private String url;

    @Override
    protected TestEnv env(Path temp) {
        if (url == null) {
            url = TestDatabases.freshPostgresUrl();
        }
        return new TestEnv(temp).with("DATABASE_URL", url);
    }

    @Override
    protected AutoCloseable holdWriteLock(Database database) {
        return WriteLocks.postgres(database, "requests", "ACCESS EXCLUSIVE");
    }
}
