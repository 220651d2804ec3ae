package io.betterccflare.cli;

import io.betterccflare.access.ApiKey;
import io.betterccflare.access.ApiKeyUsage;
import io.betterccflare.access.ApiKeys;
import io.betterccflare.access.KeyLimits;
import io.betterccflare.access.LimitChanges;
import io.betterccflare.access.Role;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the API key flags of {@link ApiKeyOptions} against the app's {@link ApiKeys} and prints the outcome. The
 * secret of a generated key is printed once, here, and nowhere else. Not thread-safe; one per invocation.
 */
final class ApiKeyCommands {
    private final ApiKeys keys;
    private final PrintStream out;

    ApiKeyCommands(ApiKeys keys, PrintStream out) {
        this.keys = keys;
        this.out = out;
    }

    int run(ApiKeyOptions options) {
        Role role = options.role == null ? null : Role.parse(options.role);
        LimitChanges limits = LimitChanges.fromText(options.limits());
        if (options.generate != null) {
            ApiKeys.Generated generated = keys.generate(options.generate, role == null ? Role.ADMIN : role,
                    limits.apply(KeyLimits.NONE));
            ApiKey key = generated.key();
            out.println("API key '" + key.name() + "' generated (role " + key.role().id() + ")");
            out.println("Key: " + generated.secret());
            out.println("Save it now: it is not stored and will not be shown again.");
            out.println("Clients send it as x-api-key (ANTHROPIC_API_KEY) or Authorization: Bearer (ANTHROPIC_AUTH_TOKEN).");
            String shown = describe(key.limits());
            if (!shown.isEmpty()) {
                out.println("Limits: " + shown);
            }
            return 0;
        }
        if (options.list) {
            return list();
        }
        if (options.revoke != null) {
            ApiKey key = keys.revoke(options.revoke);
            out.println("API key '" + key.name() + "' revoked");
            return 0;
        }
        ApiKey key = keys.update(options.setLimits, role, limits);
        String shown = describe(key.limits());
        out.println("API key '" + key.name() + "' updated (role " + key.role().id() + ", limits: "
                + (shown.isEmpty() ? "none" : shown) + ")");
        return 0;
    }

    private int list() {
        List<ApiKey> all = keys.list();
        if (all.isEmpty()) {
            out.println("No API keys: the proxy, API and dashboard are open to every local client");
            return 0;
        }
        Map<String, ApiKeyUsage> usage = keys.usage();
        out.printf("%-20s %-9s %-12s %9s  %-20s  %s%n", "NAME", "ROLE", "KEY", "REQUESTS", "LAST USED", "LIMITS");
        for (ApiKey key : all) {
            var used = usage.getOrDefault(key.id(), ApiKeyUsage.NONE);
            String limits = describe(key.limits());
            out.printf("%-20s %-9s %-12s %9d  %-20s  %s%n", key.name(), key.role().id(), "btr-…" + key.prefixLast8(),
                    used.count(), used.lastUsed() == null ? "-" : Instant.ofEpochMilli(used.lastUsed()).toString(),
                    limits.isEmpty() ? "-" : limits);
        }
        return 0;
    }

    /** The limits in one line, as the flags name them; empty when there are none. */
    static String describe(KeyLimits limits) {
        List<String> parts = new ArrayList<>();
        if (!limits.allowedModels().isEmpty()) {
            parts.add("models " + String.join(",", limits.allowedModels()));
        }
        if (limits.maxConcurrent() != null) {
            parts.add("max-concurrent " + limits.maxConcurrent());
        }
        if (limits.rpm() != null) {
            parts.add("rpm " + limits.rpm());
        }
        if (limits.tokensPer5h() != null) {
            parts.add("tokens-per-5h " + limits.tokensPer5h());
        }
        if (limits.tokensPerDay() != null) {
            parts.add("tokens-per-day " + limits.tokensPerDay());
        }
        if (limits.expiresAt() != null) {
            parts.add("expires " + Instant.ofEpochMilli(limits.expiresAt()));
        }
        return String.join(", ", parts);
    }
}
