package io.betterccflare.ratelimit;

import io.betterccflare.config.Config;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteScopedLockoutsTest extends ScopedLockoutsContract {
    @TempDir
    Path tempDir;

    @Override
    protected Config.Storage storage() {
        return new TestEnv(tempDir).config().storage();
    }
}
