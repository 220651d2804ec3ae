package io.betterccflare.maintenance;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class SqliteCcflareImportTest extends CcflareImportContract {
    @Override
    protected TestEnv env(Path tempDir) {
        return new TestEnv(tempDir);
    }
}
