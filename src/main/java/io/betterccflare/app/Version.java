package io.betterccflare.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The product version and the git revision it was built from, filtered into {@code better-ccflare.properties}
 * by the build. Thread-safe.
 */
public final class Version {
    public static final String VALUE = load("version", "dev");
    /** The abbreviated commit id, or {@code "unknown"} when the build ran outside a git checkout. */
    public static final String REVISION = load("revision", "unknown");

    private Version() {
    }

    private static String load(String key, String fallback) {
        try (InputStream in = Version.class.getResourceAsStream("/better-ccflare.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String value = properties.getProperty(key, fallback);
            return value.isBlank() || value.startsWith("${") ? fallback : value;
        } catch (IOException e) {
            return fallback;
        }
    }
}
