package io.betterccflare.requests;

import io.betterccflare.store.Database;
import io.betterccflare.support.TestEnv;
import io.betterccflare.support.WriteLocks;
import java.nio.file.Path;

class SqliteRequestLogTest extends RequestLogContract {
    private Path databaseFile;

    @Override
    protected TestEnv env(Path temp) {
        TestEnv env = new TestEnv(temp);
        databaseFile = env.config().storage().sqlitePath();
        return env;
    }

    @Override
    protected AutoCloseable holdWriteLock(Database database) throws Exception {
        return WriteLocks.sqlite(databaseFile);
    }
}
