package io.betterccflare.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link SecretsAtRestContract} on SQLite: the file, its WAL and its pre-migration backups are searched byte by byte. */
class SqliteSecretsAtRestTest extends SecretsAtRestContract {
    @Override
    protected TestEnv database(TestEnv env) {
        return env;
    }

    /** The database file and every sibling that starts with its name (-wal, -shm, .pre-migration-*.bak). */
    @Override
    protected String rawStorage(TestEnv env) {
        Path file = env.config().storage().sqlitePath();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            for (Path path : siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                all.write(Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** A backup of the clear file, as the migration to V62 leaves one on an existing database. */
    @Override
    protected void beforeFirstStartWithKey(TestEnv env) {
        Path file = env.config().storage().sqlitePath();
        Path backup = file.resolveSibling(file.getFileName() + ".pre-migration-20261129T000000000Z.bak");
        try {
            Files.copy(file, backup);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_key_file_must_be_readable_by_its_owner_only_and_then_opens_the_database() throws IOException {
        Path keyFile = temp.resolve("db.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        TestEnv withFile = env(null).with(KEY_VARIABLE + "_FILE", keyFile.toString());

        CliRunner.Result open = cli(withFile, "--list");
        assertThat(open.code()).isEqualTo(1);
        assertThat(open.err()).isEqualTo("Error: The encryption key file " + keyFile + " may be read or written by others"
                + " (mode rw-r--r--); allow its owner only: chmod 600 " + keyFile + "\n");

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        try (RunningApp app = RunningApp.start(withFile.config(), Clock.systemUTC())) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("cons", AccountMode.CONSOLE,
                    "sk-ant-api03-key-file-0123456789abcdef", 1, 0, null));
        }
        assertThat(cli(env(KEY), "--list").out()).contains("cons");
        assertThat(rawStorage(env(KEY))).doesNotContain("sk-ant-api03-key-file-0123456789abcdef");

        CliRunner.Result both = cli(withFile.with(KEY_VARIABLE, KEY), "--list");
        assertThat(both.err()).isEqualTo("Error: Set either " + KEY_VARIABLE + " or " + KEY_VARIABLE + "_FILE, not both\n");
        assertThat(List.of(both.code())).containsExactly(1);
    }
}
