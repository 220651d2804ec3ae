package io.betterccflare.support;

import io.betterccflare.store.PostgresTestUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test databases. PostgreSQL comes from {@code BETTER_CCFLARE_TEST_DATABASE_URL} (exported by .ci/run);
 * each call makes a fresh schema so tests never see each other's rows. Without the URL, PostgreSQL
 * tests are skipped with a notice, except in CI ({@code CI} set), where they fail.
 */
public final class TestDatabases {
    public static final String URL_VARIABLE = "BETTER_CCFLARE_TEST_DATABASE_URL";

    private TestDatabases() {
    }

    /** A {@code postgres://} URL whose connections use a new, empty schema. */
    public static String freshPostgresUrl() {
        String base = baseUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresTestUrl url = PostgresTestUrl.parse(base);
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the test PostgreSQL at " + url.jdbcUrl() + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String baseUrl() {
        String base = System.getenv(URL_VARIABLE);
        if (base == null || base.isBlank()) {
            String notice = "PostgreSQL tests need " + URL_VARIABLE + " (set by .ci/run)";
            if (System.getenv("CI") != null) {
                Assertions.fail(notice + "; CI is set, so this is a failure");
            }
            System.err.println("NOTICE: skipping PostgreSQL test: " + notice);
            Assumptions.abort(notice);
        }
        return base;
    }
}
