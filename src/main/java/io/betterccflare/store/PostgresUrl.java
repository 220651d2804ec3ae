package io.betterccflare.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL connection target parsed from {@code DATABASE_URL}: either the libpq form
 * {@code postgres://user:password@host:port/db?params} or a {@code jdbc:postgresql:} URL. Immutable.
 */
record PostgresUrl(String jdbcUrl, String user, String password) {

    static PostgresUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(url, null, null);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("DATABASE_URL is not a valid URL");
        }
        if (uri.getHost() == null) {
            throw new StoreException("DATABASE_URL has no host: expected postgres://user:password@host:port/database");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new PostgresUrl("jdbc:postgresql://" + uri.getHost() + port + path + query, user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for messages. */
    String display() {
        return jdbcUrl.replaceAll("(?i)password=[^&]*", "password=***");
    }
}
