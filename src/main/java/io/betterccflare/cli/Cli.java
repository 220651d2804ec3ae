package io.betterccflare.cli;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountException;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.ProxyUrl;
import io.betterccflare.agents.ModelIds;
import io.betterccflare.app.App;
import io.betterccflare.app.Version;
import io.betterccflare.maintenance.CcflareImport;
import io.betterccflare.maintenance.Doctor;
import io.betterccflare.config.Config;
import io.betterccflare.config.ConfigException;
import io.betterccflare.config.ConfigLoader;
import io.betterccflare.logging.LogDirectory;
import io.betterccflare.logging.LogEntry;
import io.betterccflare.logging.LogTail;
import io.betterccflare.oauth.OAuthException;
import io.betterccflare.oauth.OAuthLogin;
import io.betterccflare.server.HttpServer;
import io.betterccflare.server.Json;
import io.betterccflare.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs one invocation of {@code better-ccflare}: parses the flags, opens the app, runs the first action
 * in the reference's order, and returns the exit code. Every failure is one line on stderr.
 * Not thread-safe; one instance per invocation.
 */
public final class Cli {
    /** {@code --set-model} shorthands, as the reference's. */
    private static final Map<String, String> MODELS = models();

    private final CliIo io;

    public Cli(CliIo io) {
        this.io = io;
    }

    public int run(String... args) {
        CliOptions options = new CliOptions();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return fail(e.getMessage() + " (see better-ccflare --help)", 2);
        }
        if (options.help) {
            commandLine.usage(io.out());
            return 0;
        }
        if (options.version) {
            io.out().println("better-ccflare " + Version.VALUE);
            return 0;
        }
        try {
            Config config = new ConfigLoader(io.env(), io.osName(), io.userHome()).load(cliOverrides(options));
            if (options.logs != null && !options.serve) {
                // Needs only the log file, so it opens nothing that would write to it.
                return logs(options.logs);
            }
            if (options.doctor || options.doctorFull) {
                // Opens the file itself, without migrating: a damaged database must still be examined.
                Doctor.Result result = new Doctor(config.storage(), io.clock()).run(options.doctorFull);
                result.lines().forEach(io.out()::println);
                return result.healthy() ? 0 : 1;
            }
            if (options.rotateEncryptionKey || options.decryptSecrets) {
                // Opens the database alone: no server, no background writer holding the old key.
                return new EncryptionCommands(io).run(config, options.decryptSecrets);
            }
            try (App app = App.open(config, io.clock())) {
                return dispatch(options, app);
            }
        } catch (ConfigException | AccountException | OAuthException | StoreException | IllegalStateException
                 | io.betterccflare.access.AccessException | IllegalArgumentException e) {
            return fail(e.getMessage(), 1);
        } catch (RuntimeException e) {
            return fail("unexpected failure: " + e, 1);
        }
    }

    private static boolean hasAction(CliOptions options) {
        return options.serve || options.stats || options.resetStats || options.clearHistory || options.list || options.addAccount != null || options.remove != null
                || options.pause != null || options.resume != null || options.setPriority != null
                || options.logs != null || options.analyze || options.getModel || options.setModel != null
                || options.reauth != null || options.autoFallback != null || options.autoRefresh != null
                || options.importCcflare != null || options.setProxy != null || options.setModelMap != null
                || options.serveRequestedModel != null || options.apiKeys.any();
    }

    private int dispatch(CliOptions options, App app) {
        AccountService accounts = app.accounts();
        if (options.serve) {
            return serve(app);
        }
        if (!hasAction(options)) {
            // The main job: server and terminal UI on a terminal, the server alone without one (service, container).
            return io.terminal().interactive() ? terminalUi(app) : serve(app);
        }
        if (options.apiKeys.any()) {
            return new ApiKeyCommands(app.apiKeys(), io.out()).run(options.apiKeys);
        }
        if (options.stats) {
            io.out().println(Json.MAPPER.valueToTree(app.analytics().cliStats()).toPrettyString());
            return 0;
        }
        if (options.addAccount != null) {
            return addAccount(options, app);
        }
        if (options.reauth != null) {
            OAuthLogin.LoginStart start = app.oauthLogin().beginReauth(options.reauth, options.mode);
            return finishLogin(app.oauthLogin(), start);
        }
        if (options.autoFallback != null || options.autoRefresh != null) {
            return toggle(options, accounts);
        }
        if (options.setModelMap != null || options.serveRequestedModel != null) {
            return new ModelMapCommands(io, app).run(options.setModelMap, options.serveRequestedModel);
        }
        if (options.list) {
            return list(app);
        }
        if (options.remove != null) {
            return remove(options, accounts);
        }
        if (options.resetStats) {
            app.requestLog().deleteAll();
            app.accountStore().resetCounters();
            io.out().println("Statistics reset successfully");
            return 0;
        }
        if (options.clearHistory) {
            app.requestLog().deleteAll();
            io.out().println("Request history cleared successfully");
            return 0;
        }
        if (options.pause != null) {
            Account account = accounts.pause(options.pause);
            io.out().println("Account '" + account.name() + "' paused successfully");
            return 0;
        }
        if (options.resume != null) {
            Account account = accounts.resume(options.resume);
            io.out().println("Account '" + account.name() + "' resumed successfully");
            return 0;
        }
        if (options.setPriority != null) {
            return setPriority(options, accounts);
        }
        if (options.setProxy != null) {
            return setProxy(options.setProxy[0], options.setProxy[1], accounts);
        }
        if (options.analyze) {
            io.out().print(app.databaseReport().analyze());
            return 0;
        }
        if (options.importCcflare != null) {
            CcflareImport.Report report = new CcflareImport(app.accountStore(), app.database()).run(options.importCcflare,
                    options.withHistory);
            report.lines().forEach(io.out()::println);
            return 0;
        }
        if (options.getModel) {
            io.out().println("Current default agent model: " + app.settings().defaultAgentModel());
            return 0;
        }
        return setModel(options.setModel, app);
    }

    private int setPriority(CliOptions options, AccountService accounts) {
        String name = options.setPriority[0];
        int priority;
        try {
            priority = Integer.parseInt(options.setPriority[1].trim());
        } catch (NumberFormatException e) {
            return fail("Invalid priority value: " + options.setPriority[1] + " (must be an integer between 0 and 100)", 1);
        }
        Account account = accounts.setPriority(name, priority);
        io.out().println("Account '" + account.name() + "' priority set to " + priority);
        return 0;
    }

    /** {@code --set-proxy NAME URL|off}: {@code off}, {@code none} or empty removes the account's proxy. */
    private int setProxy(String name, String value, AccountService accounts) {
        String trimmed = value.trim();
        boolean clear = trimmed.isEmpty() || trimmed.equalsIgnoreCase("off") || trimmed.equalsIgnoreCase("none");
        Account account = accounts.setProxyUrl(name, clear ? null : value);
        io.out().println(clear ? "Proxy removed for account '" + account.name() + "'"
                : "Account '" + account.name() + "' proxy set to " + accounts.maskedProxyUrl(account.id()));
        return 0;
    }

    private int logs(int count) {
        if (count < 1) {
            return fail("--logs needs a positive number of lines, not " + count, 1);
        }
        Path file = LogDirectory.file(io.env());
        try {
            for (LogEntry entry : LogTail.read(file, count)) {
                io.out().println("[" + entry.level() + "] " + entry.msg());
            }
        } catch (IOException e) {
            return fail("Cannot read the log file " + file + ": " + e.getMessage(), 1);
        }
        return 0;
    }

    private int setModel(String requested, App app) {
        String model = MODELS.get(requested.trim());
        if (model == null) {
            try {
                model = ModelIds.canonical(requested);
            } catch (IllegalArgumentException e) {
                return fail("Invalid model: " + requested + " (use one of: " + String.join(", ", MODELS.keySet().stream()
                        .filter(key -> !key.startsWith("claude-")).toList()) + ", opus, sonnet, haiku, or a claude-* model id)", 1);
            }
        }
        app.settings().setDefaultAgentModel(model);
        io.out().println("Default agent model set to: " + model);
        String fromEnv = io.env().get("DEFAULT_AGENT_MODEL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            io.out().println("Note: DEFAULT_AGENT_MODEL=" + fromEnv + " is set in the environment and takes precedence over the config file");
        }
        return 0;
    }

    private static Map<String, String> models() {
        Map<String, String> models = new LinkedHashMap<>();
        models.put("opus-4", "claude-opus-4-20250514");
        models.put("sonnet-4", "claude-sonnet-4-20250514");
        models.put("opus-4.1", "claude-opus-4-1-20250805");
        models.put("sonnet-4.5", "claude-sonnet-4-5-20250929");
        for (String id : java.util.List.copyOf(models.values())) {
            models.put(id, id);
        }
        return java.util.Collections.unmodifiableMap(models);
    }

    private int serve(App app) {
        HttpServer server = app.serve();
        Config config = app.config();
        String base = "http://" + HttpServer.displayHost(config.server().host()) + ":" + server.port();
        io.out().println("better-ccflare " + Version.VALUE);
        io.out().println("  Proxy:     " + base + "  (set ANTHROPIC_BASE_URL=" + base + ")");
        io.out().println("  Dashboard: " + base + "/dashboard");
        io.out().println("  Health:    " + base + "/health");
        io.out().println("  Database:  " + app.database().description());
        String keyId = app.database().cipher().keyId();
        io.out().println("  Secrets:   " + (keyId == null ? "stored clear (no encryption key)" : "encrypted at rest (key " + keyId + ")"));
        io.out().println("  Strategy:  " + config.routing().strategy());
        io.out().println("Ready to proxy requests. Press Ctrl+C to stop.");
        io.out().flush();
        try {
            io.shutdown().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.out().println("Shutting down...");
        return 0;
    }

    /** No action flag on a terminal: the server, then the terminal UI in front of it; quitting stops both. */
    private int terminalUi(App app) {
        HttpServer server = app.serve();
        int code = app.terminalUi(server, io.shutdown(), io.osName(), io.env()).run(System.in, io.out(), io.err());
        io.out().println("better-ccflare stopped.");
        return code;
    }

    private int addAccount(CliOptions options, App app) {
        AccountService accounts = app.accounts();
        AccountMode mode = AccountMode.parse(options.mode == null ? "max" : options.mode);
        if (mode == AccountMode.MAX && options.apiKey != null) {
            return fail("--api-key is not used with --mode max, which logs in with the browser"
                    + " (use --mode console --api-key KEY for a Console key)", 1);
        }
        ProxyUrl.parse(options.proxy);
        if (mode == AccountMode.MAX || (mode == AccountMode.CONSOLE && options.apiKey == null)) {
            OAuthLogin.LoginStart start = app.oauthLogin().begin(
                    options.addAccount, mode.id(), options.tier, options.priority, options.endpoint);
            int code = finishLogin(app.oauthLogin(), start);
            return code == 0 && options.proxy != null ? setProxy(start.accountName(), options.proxy, accounts) : code;
        }
        String apiKey = options.apiKey;
        if (apiKey == null) {
            if (!io.terminal().interactive()) {
                return fail("--api-key is required when no terminal is available to ask for it", 1);
            }
            apiKey = io.terminal().readSecret("Enter the API key for '" + options.addAccount + "': ");
        }
        Account account = accounts.addKeyAccount(new AccountService.NewKeyAccount(
                options.addAccount, mode, apiKey,
                options.tier == null ? 1 : options.tier,
                options.priority == null ? 0 : options.priority,
                options.endpoint));
        io.out().println("Account '" + account.name() + "' added successfully (" + account.provider().id() + ", "
                + mode.id() + " mode, priority " + account.priority() + ", key " + account.maskedSecret() + ")");
        return options.proxy == null ? 0 : setProxy(account.name(), options.proxy, accounts);
    }

    /** Shows the login URL, reads the pasted {@code code#state}, and stores the account. */
    private int finishLogin(OAuthLogin login, OAuthLogin.LoginStart start) {
        io.out().println(start.reauth()
                ? "Re-authenticating account '" + start.accountName() + "' (" + OAuthLogin.label(start.mode()) + ")"
                : "Adding account '" + start.accountName() + "' (" + OAuthLogin.label(start.mode()) + ")");
        io.out().println("Opening browser to authenticate...");
        io.out().println("URL: " + start.authUrl());
        if (!io.browser().open(start.authUrl())) {
            io.out().println("No browser could be opened here: open the URL above in any browser, log in, and copy the code it shows.");
        }
        io.out().flush();
        String pasted = io.terminal().readLine("Enter the authorization code (code#state): ");
        if (pasted == null || pasted.isBlank()) {
            return fail("Input is required: paste the code the authorization page shows", 1);
        }
        io.out().println("Exchanging code for tokens...");
        OAuthLogin.LoginResult result = login.complete(start.sessionId(), pasted);
        Account account = result.account();
        io.out().println("Account '" + account.name() + "' " + (result.reauthenticated() ? "re-authenticated" : "added")
                + " successfully!");
        io.out().println("Type: " + OAuthLogin.label(account.mode()));
        io.out().println("Tier: " + account.tier() + "x");
        if (account.email() != null) {
            io.out().println("Logged in as: " + account.email());
        }
        if (account.credentials().apiKey() != null) {
            io.out().println("API key: " + account.maskedSecret());
        }
        return 0;
    }

    private int toggle(CliOptions options, AccountService accounts) {
        boolean fallback = options.autoFallback != null;
        String[] values = fallback ? options.autoFallback : options.autoRefresh;
        String feature = fallback ? "Auto-fallback" : "Auto-refresh";
        Boolean enabled = switch (values[1].trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "1", "yes", "enable", "enabled" -> true;
            case "off", "false", "0", "no", "disable", "disabled" -> false;
            default -> null;
        };
        if (enabled == null) {
            return fail("Invalid value '" + values[1] + "' for --" + feature.toLowerCase(java.util.Locale.ROOT) + ": use on or off", 1);
        }
        Account account = fallback ? accounts.setAutoFallback(values[0], enabled) : accounts.setAutoRefresh(values[0], enabled);
        io.out().println(feature + " " + (enabled ? "enabled" : "disabled") + " for account '" + account.name() + "'");
        return 0;
    }

    private int list(App app) {
        var all = app.accounts().list();
        if (all.isEmpty()) {
            io.out().println("No accounts configured");
            return 0;
        }
        io.out().print(AccountTable.render(all, io.clock().millis(), app.config().routing().sessionDurationMs()));
        Map<String, String> proxies = app.accounts().maskedProxyUrls();
        for (Account account : all) {
            if (proxies.containsKey(account.id())) {
                io.out().println("Proxy of '" + account.name() + "': " + proxies.get(account.id()));
            }
        }
        return 0;
    }

    private int remove(CliOptions options, AccountService accounts) {
        Account account = accounts.find(options.remove);
        if (!options.force) {
            if (!io.terminal().interactive()) {
                return fail("Refusing to remove '" + account.name() + "' without confirmation: no terminal to ask on (add --force)", 1);
            }
            String answer = io.terminal().readLine("Remove account '" + account.name() + "'? Type its name to confirm: ");
            if (answer == null || !answer.trim().equals(account.name())) {
                return fail("Not removed: the confirmation did not match '" + account.name() + "'", 1);
            }
        }
        accounts.remove(account.id());
        io.out().println("Account '" + account.name() + "' removed successfully");
        return 0;
    }

    private static Map<String, String> cliOverrides(CliOptions options) {
        Map<String, String> overrides = new HashMap<>();
        if (options.port != null) {
            overrides.put("port", String.valueOf(options.port));
        }
        if (options.host != null) {
            overrides.put("host", options.host);
        }
        return overrides;
    }

    private int fail(String message, int code) {
        io.err().println("Error: " + message);
        return code;
    }
}
