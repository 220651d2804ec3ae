package io.betterccflare.cli;

import io.betterccflare.accounts.Account;
import io.betterccflare.agents.ModelMappings;
import io.betterccflare.app.App;
import java.util.Locale;

/**
 * {@code --set-model-map NAME PATTERN=MODEL} and {@code --serve-requested-model NAME on|off} (issue 14): an account's
 * model mappings and its "serve only the requested model" switch. Prints the account's mappings afterwards.
 * Not thread-safe; one per invocation.
 */
final class ModelMapCommands {
    private final CliIo io;
    private final App app;

    ModelMapCommands(CliIo io, App app) {
        this.io = io;
        this.app = app;
    }

    /** Runs whichever of the two was given; returns the exit code. */
    int run(String[] setModelMap, String[] serveRequested) {
        ModelMappings mappings = app.modelMappings();
        if (setModelMap != null) {
            Account account = app.accounts().find(setModelMap[0]);
            String rule = setModelMap[1];
            int equals = rule.indexOf('=');
            if (equals <= 0) {
                return fail("Invalid mapping '" + rule + "': use PATTERN=MODEL, for example claude-sonnet-*=glm-4.6");
            }
            try {
                print(account, mappings.put(account.id(), rule.substring(0, equals), rule.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            return 0;
        }
        Account account = app.accounts().find(serveRequested[0]);
        Boolean only = switch (serveRequested[1].trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> null;
        };
        if (only == null) {
            return fail("Invalid value '" + serveRequested[1] + "' for --serve-requested-model: use on or off");
        }
        ModelMappings.Policy current = mappings.policy(account.id());
        print(account, mappings.save(account.id(), new ModelMappings.Policy(current.mappings(), only)));
        return 0;
    }

    private void print(Account account, ModelMappings.Policy policy) {
        io.out().println("Model mappings for account '" + account.name() + "'"
                + (policy.serveRequestedOnly() ? " (serves only the requested model: mappings are not applied)" : "") + ":");
        if (policy.mappings().isEmpty()) {
            io.out().println("  (none)");
        }
        policy.mappings().forEach((pattern, model) -> io.out().println("  " + pattern + " -> " + model));
    }

    private int fail(String message) {
        io.err().println("Error: " + message);
        return 1;
    }
}
