package io.betterccflare.ratelimit;

import io.betterccflare.config.Config;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RequiresPostgres.class)
class PostgresScopedLockoutsTest extends ScopedLockoutsContract {
    @TempDir
    Path tempDir;

    @Override
    protected Config.Storage storage() {
        return new TestEnv(tempDir).with("DATABASE_URL", TestDatabases.freshPostgresUrl()).config().storage();
    }
}
