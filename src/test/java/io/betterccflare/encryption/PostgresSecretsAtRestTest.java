package io.betterccflare.encryption;

import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SecretsAtRestContract} on PostgreSQL: the test schema is searched in a {@code pg_dump} of it. */
@ExtendWith(RequiresPostgres.class)
class PostgresSecretsAtRestTest extends SecretsAtRestContract {
    private String databaseUrl;

    @BeforeEach
    void freshSchema() {
        databaseUrl = TestDatabases.freshPostgresUrl();
    }

    @Override
    protected TestEnv database(TestEnv env) {
        return env.with("DATABASE_URL", databaseUrl);
    }

    /** {@code pg_dump} of the test's schema (plain SQL, data as COPY text). */
    @Override
    protected String rawStorage(TestEnv env) {
        String base = System.getenv(TestDatabases.URL_VARIABLE);
        String schema = databaseUrl.substring(databaseUrl.indexOf("currentSchema=") + "currentSchema=".length());
        try {
            Process dump = new ProcessBuilder("pg_dump", "--no-owner", "--schema=" + schema, "--dbname=" + base)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0 || !text.contains("COPY ")) {
                throw new IllegalStateException("pg_dump of schema " + schema + " failed");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
