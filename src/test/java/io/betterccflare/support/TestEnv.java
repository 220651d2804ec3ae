package io.betterccflare.support;

import io.betterccflare.config.Config;
import io.betterccflare.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds an isolated environment for a test: a data directory under the test's temp dir, port 0, and
 * pricing offline, plus whatever variables the test adds. Use {@link #config()} for in-process apps
 * and {@link #env()} for the CLI.
 */
public final class TestEnv {
    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    public TestEnv(Path tempDir) {
        this.home = tempDir;
        env.put("XDG_CONFIG_HOME", tempDir.resolve("config").toString());
        env.put("PORT", "0");
        env.put("CF_PRICING_OFFLINE", "1");
    }

    public TestEnv with(String name, String value) {
        env.put(name, value);
        return this;
    }

    public TestEnv without(String name) {
        env.remove(name);
        return this;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public Path home() {
        return home;
    }

    public Config config() {
        return new ConfigLoader(env, "Linux", home.toString()).load(Map.of());
    }
}
