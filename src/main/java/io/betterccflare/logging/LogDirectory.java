package io.betterccflare.logging;

import io.betterccflare.config.DataDirectory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the log files live: {@code BETTER_CCFLARE_LOG_DIR} (environment), else the system property
 * {@code better-ccflare.log.dir} (tests point it into {@code target/}), else {@code <data dir>/logs}, the
 * user's own directory (issue 10: no longer the world-listable temp dir the reference uses). Stateless.
 */
public final class LogDirectory {
    public static final String ENV = "BETTER_CCFLARE_LOG_DIR";
    public static final String PROPERTY = "better-ccflare.log.dir";
    public static final String FILE_NAME = "app.log";
    /** The folder inside the data directory. */
    public static final String FOLDER = "logs";

    private LogDirectory() {
    }

    /** For this process: {@code env}, the system properties, {@code os.name} and {@code user.home}. */
    public static Path resolve(Map<String, String> env) {
        return resolve(env, System.getProperty(PROPERTY), System.getProperty("os.name", ""), System.getProperty("user.home", ""));
    }

    /** The rule itself, as a pure function of its inputs. */
    public static Path resolve(Map<String, String> env, String property, String osName, String userHome) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        return DataDirectory.resolve(env, osName, userHome).resolve(FOLDER);
    }

    /** The current log file in the resolved directory. */
    public static Path file(Map<String, String> env) {
        return resolve(env).resolve(FILE_NAME);
    }
}
