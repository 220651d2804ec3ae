package io.betterccflare.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite file holds tokens and keys, so only its owner may read it. */
class DatabaseFilePermissionsTest {
    @TempDir
    Path tempDir;

    @Test
    void a_new_database_file_is_readable_and_writable_by_its_owner_only() throws Exception {
        var storage = new TestEnv(tempDir).config().storage();

        try (Database database = Database.open(storage)) {
            database.execute("INSERT INTO oauth_sessions (id, account_name, verifier, mode, created_at, expires_at)"
                    + " VALUES ('s', 'n', 'secret-verifier', 'max', 0, 1)");
            Path wal = Path.of(storage.sqlitePath() + "-wal");
            assertThat(wal).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.sqlitePath()))).isEqualTo("rw-------");
    }
}
