package io.betterccflare.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The API key flags (issue 15), mixed into {@link CliOptions}: {@code --generate-api-key NAME [--role ...]
 * [limits]}, {@code --list-api-keys}, {@code --revoke-api-key NAME}, {@code --set-api-key-limits NAME [limits]}
 * and {@code --set-api-key-role NAME ROLE}. Only parsed values live here.
 */
final class ApiKeyOptions {
    @Option(names = "--generate-api-key", paramLabel = "NAME",
            description = "Create an API key (printed once). Once a key exists, clients need one.")
    String generate;

    @Option(names = "--role", paramLabel = "admin|api-only",
            description = "Role for --generate-api-key or --set-api-key-limits (default admin).")
    String role;

    @Option(names = "--list-api-keys", description = "List the API keys with their roles, limits and usage.")
    boolean list;

    @Option(names = "--revoke-api-key", paramLabel = "NAME", description = "Delete an API key (not the last admin key).")
    String revoke;

    @Option(names = "--set-api-key-limits", paramLabel = "NAME",
            description = "Change an API key's limits (the flags below; 'none' removes one) or, with --role, its role.")
    String setLimits;

    @Option(names = "--allow-models", paramLabel = "PATTERNS", description = "Models a key may use, e.g. 'claude-sonnet-*,claude-haiku-*'.")
    String allowModels;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests a key may have in flight.")
    String maxConcurrent;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests a key may start per minute.")
    String rpm;

    @Option(names = "--tokens-per-5h", paramLabel = "N", description = "Tokens a key may use in any 5 hours.")
    String tokensPer5h;

    @Option(names = "--tokens-per-day", paramLabel = "N", description = "Tokens a key may use in any 24 hours.")
    String tokensPerDay;

    @Option(names = "--expires", paramLabel = "DATE", description = "Last day a key works (2027-01-31, UTC) or an ISO instant.")
    String expires;

    boolean any() {
        return generate != null || list || revoke != null || setLimits != null;
    }

    /** The limit flags given, keyed by their JSON field names. */
    Map<String, String> limits() {
        Map<String, String> limits = new LinkedHashMap<>();
        limits.put("allowedModels", allowModels);
        limits.put("maxConcurrent", maxConcurrent);
        limits.put("rpm", rpm);
        limits.put("tokensPer5h", tokensPer5h);
        limits.put("tokensPerDay", tokensPerDay);
        limits.put("expiresAt", expires);
        return limits;
    }
}
