package io.betterccflare.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.betterccflare.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The open database: a connection pool, the migrated schema and a {@link Jdbi} handle factory.
 * SQLite (WAL, busy timeout, foreign keys) unless a PostgreSQL URL is configured. Thread-safe; close once.
 */
public final class Database implements AutoCloseable {
    private static final int PLATFORM_THREADS = 4;

    /** The SQL dialect in use; repositories branch on it only where the two really differ. */
    public enum Dialect { SQLITE, POSTGRES }

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String description;
    private final String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private ChangeSignal changes;
    private ClusterLocks locks;
    private Leadership leadership;
    /** SQLite only: the platform threads that run a virtual thread's database work, see {@link #withHandle}. */
    private final ExecutorService platformThreads;

    private Database(HikariDataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // Statement exceptions must never carry bound arguments: they include API keys and tokens.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        this.dialect = dialect;
        this.description = description;
        this.changes = ChangeSignal.local(instanceId);
        this.locks = new ClusterLocks(null);
        this.leadership = new Leadership(null);
        this.platformThreads = dialect == Dialect.SQLITE
                ? Executors.newFixedThreadPool(PLATFORM_THREADS, Thread.ofPlatform().daemon().name("sqlite-", 0).factory())
                : null;
    }

    /** PostgreSQL: the signal, locks and leadership reach every instance on this schema. */
    private void clustered(PostgresUrl url) {
        String schema;
        try {
            schema = jdbi.withHandle(handle -> handle.createQuery("SELECT current_schema()").mapTo(String.class).one());
        } catch (org.jdbi.v3.core.JdbiException e) {
            dataSource.close();
            throw StoreException.of("Cannot open database " + description, e);
        }
        ChangeSignal.Connector connector = () -> java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        this.changes = ChangeSignal.postgres(instanceId, jdbi, schema, connector);
        this.locks = new ClusterLocks(jdbi);
        this.leadership = new Leadership(connector);
    }

    /** Opens (creating if needed) and migrates the configured database. */
    public static Database open(Config.Storage storage) {
        return storage.postgres() ? openPostgres(PostgresUrl.parse(storage.databaseUrl())) : openSqlite(storage);
    }

    private static Database openSqlite(Config.Storage storage) {
        Path file = storage.sqlitePath();
        createOwnerOnly(file);
        Config.SqliteTuning tuning = storage.sqlite();
        probe(file, tuning.busyTimeoutMs());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sqlite");
        hikari.setJdbcUrl("jdbc:sqlite:" + file);
        hikari.setMaximumPoolSize(8);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("journal_mode", tuning.walMode() ? "WAL" : "DELETE");
        hikari.addDataSourceProperty("busy_timeout", String.valueOf(tuning.busyTimeoutMs()));
        hikari.addDataSourceProperty("synchronous", tuning.synchronous());
        hikari.addDataSourceProperty("cache_size", String.valueOf(tuning.cacheSize()));
        hikari.addDataSourceProperty("foreign_keys", "true");
        // Transactions take the write lock at BEGIN: a deferred one that reads first and writes later fails
        // at once with SQLITE_BUSY when another connection wrote meanwhile, without waiting busy_timeout.
        hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        hikari.addDataSourceProperty("temp_store", "MEMORY");
        if (tuning.mmapSize() > 0) {
            hikari.addDataSourceProperty("mmap_size", String.valueOf(tuning.mmapSize()));
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        Database database = new Database(dataSource, Dialect.SQLITE, file.toString());
        database.migrate("sqlite", flyway -> MigrationBackup.beforeMigrating(flyway, dataSource, file),
                new SqliteColumnUpgrade());
        return database;
    }

    private static Database openPostgres(PostgresUrl url) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("postgres");
        hikari.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hikari.setUsername(url.user());
        }
        if (url.password() != null) {
            hikari.setPassword(url.password());
        }
        hikari.setMaximumPoolSize(10);
        // Several instances share the server's connection slots: an idle instance keeps two, not ten.
        hikari.setMinimumIdle(2);
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(10_000);
        Database database = new Database(new HikariDataSource(hikari), Dialect.POSTGRES, url.display());
        database.migrate("postgresql", flyway -> { });
        database.clustered(url);
        return database;
    }

    private void migrate(String vendor, java.util.function.Consumer<Flyway> beforeMigrating,
                         org.flywaydb.core.api.migration.JavaMigration... javaMigrations) {
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + vendor)
                    .javaMigrations(javaMigrations)
                    .baselineOnMigrate(false)
                    .load();
            beforeMigrating.accept(flyway);
            flyway.migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("Cannot open database " + description + ": " + rootMessage(e), e);
        }
    }

    /**
     * Fails fast, with SQLite's own words, on a file that is not a database or is locked. A new (empty) file
     * is made with incremental auto-vacuum, which only an empty database can take without a VACUUM: freed
     * pages can then go back to the file system with {@code PRAGMA incremental_vacuum}. Older files switch
     * at their next compaction.
     */
    private static void probe(Path file, int busyTimeoutMs) {
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
            if (Files.size(file) == 0) {
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
                statement.execute("VACUUM");
            }
            statement.execute("PRAGMA schema_version");
        } catch (SQLException | IOException e) {
            throw new StoreException("Cannot open database " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void createOwnerOnly(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system (Windows): the user's profile directory already protects it.
                }
            }
            if (!Files.isReadable(file) || !Files.isWritable(file)) {
                throw new StoreException("Cannot open database " + file + ": the file is not readable and writable");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot create database " + file + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code consumer} with a handle, as {@link Jdbi#useHandle} does, but never on a virtual thread
     * when the database is SQLite: sqlite-jdbc's {@code synchronized native} calls pin a virtual thread's
     * carrier for the whole statement, so a request thread's reads (routing's account list, lockouts, token
     * refreshes) run on one of {@value #PLATFORM_THREADS} platform threads while the request thread parks
     * (issue 12 part 5). On PostgreSQL, and on platform threads, it runs on the caller's thread. The
     * consumer's exceptions ({@link org.jdbi.v3.core.JdbiException} included) reach the caller unchanged; an
     * interrupted wait is a {@link StoreException} (the statement still completes on its thread).
     */
    public void useHandle(HandleConsumer<RuntimeException> consumer) {
        withHandle(handle -> {
            consumer.useHandle(handle);
            return null;
        });
    }

    /** As {@link #useHandle}, returning the callback's result. */
    public <T> T withHandle(HandleCallback<T, RuntimeException> callback) {
        if (platformThreads == null || !Thread.currentThread().isVirtual()) {
            return jdbi.withHandle(callback);
        }
        Future<T> result = platformThreads.submit(() -> jdbi.withHandle(callback));
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new StoreException("Database work failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the database", e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** This process's id among the instances sharing the database (random per start, 12 hex digits). */
    public String instanceId() {
        return instanceId;
    }

    /** The "shared state changed" signal of this database (cluster-wide on PostgreSQL). */
    public ChangeSignal changes() {
        return changes;
    }

    /** Cluster-wide named locks (advisory locks on PostgreSQL). */
    public ClusterLocks locks() {
        return locks;
    }

    /** Whether this instance runs the once-per-cluster background jobs. */
    public Leadership leadership() {
        return leadership;
    }

    /** Where the data lives, for banners and messages (no credentials). */
    public String description() {
        return description;
    }

    /**
     * Reports the connection pool's meters (acquire and usage time, active and pending connections) to a
     * Micrometer registry; call once, before heavy use.
     */
    public void instrument(Object micrometerRegistry) {
        dataSource.setMetricRegistry(micrometerRegistry);
    }

    /** Runs statements outside any transaction (VACUUM, checkpoints). */
    public void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new StoreException("Database statement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (platformThreads != null) {
            platformThreads.shutdown();
        }
        leadership.close();
        changes.close();
        if (dialect == Dialect.SQLITE && !dataSource.isClosed()) {
            try {
                execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (StoreException e) {
                // Closing anyway; the WAL is replayed on the next open.
            }
        }
        dataSource.close();
    }
}
