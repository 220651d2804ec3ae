package io.betterccflare.requests;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class SqliteRequestFilterTest extends RequestFilterContract {
    @Override
    protected TestEnv env(Path temp) {
        return new TestEnv(temp);
    }
}
