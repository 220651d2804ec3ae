package io.betterccflare.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: a {@code VACUUM INTO} copy before migrations change an existing SQLite file; newest three kept. */
class MigrationBackupTest {
    @TempDir
    Path temp;

    @Test
    void an_older_database_is_copied_before_migrating_and_only_three_copies_stay() throws Exception {
        TestEnv env = new TestEnv(temp);
        Path file = env.config().storage().sqlitePath();
        Files.createDirectories(file.getParent());
        Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null).locations("classpath:db/migration/sqlite")
                .javaMigrations(new SqliteColumnUpgrade()).target("30").load().migrate();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO accounts (id, name, provider, api_key, created_at) VALUES ('a1', 'old', 'anthropic', 'k', 1)");
        }
        for (String stamp : List.of("20200101T000000000Z", "20200102T000000000Z", "20200103T000000000Z")) {
            Files.writeString(file.resolveSibling(file.getFileName() + ".pre-migration-" + stamp + ".bak"), "old");
        }

        App.open(env.config(), Clock.systemUTC()).close();

        List<Path> backups = backups(file);
        assertThat(backups).hasSize(3);
        assertThat(backups.getFirst().getFileName().toString()).endsWith("20200102T000000000Z.bak");
        Path fresh = backups.getLast();
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + fresh);
             Statement statement = copy.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM accounts")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("old");
        }

        App.open(env.config(), Clock.systemUTC()).close();
        assertThat(backups(file)).as("nothing pending, no copy").isEqualTo(backups);
    }

    @Test
    void a_new_database_is_not_copied() throws Exception {
        TestEnv env = new TestEnv(temp);
        App.open(env.config(), Clock.systemUTC()).close();

        assertThat(backups(env.config().storage().sqlitePath())).isEmpty();
    }

    private static List<Path> backups(Path file) throws Exception {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().contains(".pre-migration-")).sorted().toList();
        }
    }
}
