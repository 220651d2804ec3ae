package io.betterccflare.config;

/**
 * An invalid configuration value. The message names the key and where the value came from
 * (CLI flag, environment variable or config file), so it can be shown to the user as is.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
