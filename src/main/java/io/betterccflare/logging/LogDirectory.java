package io.betterccflare.logging;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the log file lives: {@code BETTER_CCFLARE_LOG_DIR} (environment), else the system property
 * {@code better-ccflare.log.dir} (tests point it into {@code target/}), else
 * {@code <java.io.tmpdir>/better-ccflare-logs}, as the reference. Stateless.
 */
public final class LogDirectory {
    public static final String ENV = "BETTER_CCFLARE_LOG_DIR";
    public static final String PROPERTY = "better-ccflare.log.dir";
    public static final String FILE_NAME = "app.log";

    private LogDirectory() {
    }

    public static Path resolve(Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty.trim());
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "better-ccflare-logs");
    }

    /** The current log file in the resolved directory. */
    public static Path file(Map<String, String> env) {
        return resolve(env).resolve(FILE_NAME);
    }
}
