package io.betterccflare.oauth;

import io.betterccflare.config.Config;
import io.betterccflare.config.ConfigLoader;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 part 5: the whole token-refresh contract (single flight, compare-and-set on the rotated refresh token,
 * re-authentication marks) with the credentials sealed at rest, where the compare-and-set must compare against
 * the stored (randomised) value rather than a fresh encryption of the old token.
 */
class EncryptedRefreshingAccessTokensTest {
    private static final String KEY = Base64.getEncoder().encodeToString(filled(7));

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Nested
    class OnSqlite extends RefreshingAccessTokensContract {
        @TempDir
        Path tempDir;

        @Override
        protected Config.Storage storage() {
            return new TestEnv(tempDir).with(ConfigLoader.KEY_VARIABLE, KEY).config().storage();
        }
    }

    @Nested
    @ExtendWith(RequiresPostgres.class)
    class OnPostgres extends RefreshingAccessTokensContract {
        @TempDir
        Path tempDir;

        @Override
        protected Config.Storage storage() {
            return new TestEnv(tempDir).with(ConfigLoader.KEY_VARIABLE, KEY)
                    .with("DATABASE_URL", TestDatabases.freshPostgresUrl()).config().storage();
        }
    }
}
