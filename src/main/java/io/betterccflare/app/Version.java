package io.betterccflare.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version, filtered into {@code better-ccflare.properties} by the build. Thread-safe. */
public final class Version {
    public static final String VALUE = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/better-ccflare.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
