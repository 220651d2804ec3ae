package io.betterccflare.accounts;

import io.betterccflare.config.Config;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RequiresPostgres.class)
class PostgresAccountStoreTest extends AccountStoreContract {
    @TempDir
    Path tempDir;

    private String url;

    @Override
    protected Config.Storage storage() {
        if (url == null) {
            url = TestDatabases.freshPostgresUrl();
        }
        return new TestEnv(tempDir).with("DATABASE_URL", url).config().storage();
    }
}
