package io.betterccflare.api;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class SqliteAccountApiTest extends AccountApiContract {
    @Override
    protected TestEnv env(Path tempDir) {
        return new TestEnv(tempDir);
    }
}
