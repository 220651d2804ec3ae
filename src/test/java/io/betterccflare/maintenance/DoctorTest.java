package io.betterccflare.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.TestEnv;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --doctor} and {@code --doctor-full} through the real CLI on a healthy and a corrupted copy of a database. */
class DoctorTest {
    @TempDir
    Path temp;

    private Path healthy;

    @BeforeEach
    void database() {
        TestEnv env = new TestEnv(temp.resolve("original"));
        try (App app = App.open(env.config(), Clock.systemUTC())) {
            app.database().jdbi().useTransaction(handle -> {
                PreparedBatch insert = handle.prepareBatch(
                        "INSERT INTO requests (id, timestamp, method, path, success, model) VALUES (:id, :ts, 'POST', '/v1/messages', TRUE, :model)");
                for (int i = 0; i < 2_000; i++) {
                    insert.bind("id", "r" + i).bind("ts", 1_760_000_000_000L + i).bind("model", "claude-sonnet-4-5-" + i).add();
                }
                insert.execute();
            });
            healthy = app.config().storage().sqlitePath();
        }
    }

    private CliRunner.Result doctor(Path file, String flag) {
        return new CliRunner(new TestEnv(temp).with("BETTER_CCFLARE_DB_PATH", file.toString()), Clock.systemUTC()).run(flag);
    }

    @Test
    void a_healthy_database_passes_both_checks() {
        CliRunner.Result quick = doctor(healthy, "--doctor");
        CliRunner.Result full = doctor(healthy, "--doctor-full");

        assertThat(quick.code()).isZero();
        assertThat(quick.out()).contains("(SQLite)", "auto-vacuum: incremental", "✓ Integrity (quick_check): ok");
        assertThat(full.code()).isZero();
        assertThat(full.out()).contains("✓ Integrity (integrity_check): ok");
    }

    @Test
    void a_corrupted_copy_fails_with_a_non_zero_exit() throws Exception {
        Path copy = temp.resolve("corrupted.db");
        Files.copy(healthy, copy);
        long size = Files.size(copy);
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            // Scribble over the middle of the file: b-tree pages of the requests table and its indexes.
            for (long at = size / 3; at < size * 2 / 3; at += 4096) {
                file.seek(at + 8);
                file.write(new byte[64]);
            }
        }

        CliRunner.Result quick = doctor(copy, "--doctor");
        CliRunner.Result full = doctor(copy, "--doctor-full");

        assertThat(quick.code()).isEqualTo(1);
        assertThat(quick.out()).contains("✗");
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.out()).contains("✗");
    }

    @Test
    void a_missing_file_is_not_healthy() {
        CliRunner.Result result = doctor(temp.resolve("nothing-here.db"), "--doctor");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("✗ The database file does not exist");
    }
}
