package io.betterccflare.analytics;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;

class SqliteAnalyticsTest extends AnalyticsContract {
    @Override
    protected TestEnv env(Path temp) {
        return new TestEnv(temp);
    }
}
