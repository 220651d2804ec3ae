package io.betterccflare.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves the per-user data directory with the reference's rules: {@code $XDG_CONFIG_HOME/better-ccflare},
 * else {@code ~/.config/better-ccflare}; on Windows {@code %LOCALAPPDATA%}, else {@code %APPDATA%}, else
 * {@code ~/AppData/Local}. Pure function of its inputs; thread-safe.
 */
public final class DataDirectory {
    public static final String FOLDER = "better-ccflare";

    private DataDirectory() {
    }

    public static Path resolve(Map<String, String> env, String osName, String userHome) {
        boolean windows = osName.toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        if (windows) {
            String base = firstNonBlank(env.get("LOCALAPPDATA"), env.get("APPDATA"));
            Path root = base != null ? Path.of(base) : Path.of(userHome, "AppData", "Local");
            return root.resolve(FOLDER);
        }
        String xdg = firstNonBlank(env.get("XDG_CONFIG_HOME"));
        Path root = xdg != null ? Path.of(xdg) : Path.of(userHome, ".config");
        return root.resolve(FOLDER);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
