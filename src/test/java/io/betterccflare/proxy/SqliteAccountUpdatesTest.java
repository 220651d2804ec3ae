package io.betterccflare.proxy;

import io.betterccflare.store.Database;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

class SqliteAccountUpdatesTest extends AccountUpdatesContract {
    private Path databaseFile;

    @Override
    protected TestEnv env(Path temp) {
        TestEnv env = new TestEnv(temp);
        databaseFile = env.config().storage().sqlitePath();
        return env;
    }

    @Override
    protected AutoCloseable holdWriteLock(Database database) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
            connection.close();
        };
    }
}
