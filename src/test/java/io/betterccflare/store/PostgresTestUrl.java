package io.betterccflare.store;

/** Test access to the package-private {@link PostgresUrl} parser. */
public record PostgresTestUrl(String jdbcUrl, String user, String password) {
    public static PostgresTestUrl parse(String url) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        return new PostgresTestUrl(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }
}
