package io.betterccflare.maintenance;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class SqliteHousekeepingTest extends HousekeepingContract {
    @Override
    protected TestEnv env(Path tempDir) {
        return new TestEnv(tempDir);
    }
}
