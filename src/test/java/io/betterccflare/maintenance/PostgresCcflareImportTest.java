package io.betterccflare.maintenance;

import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresCcflareImportTest extends CcflareImportContract {
    @Override
    protected TestEnv env(Path tempDir) {
        return new TestEnv(tempDir).with("DATABASE_URL", TestDatabases.freshPostgresUrl());
    }
}
