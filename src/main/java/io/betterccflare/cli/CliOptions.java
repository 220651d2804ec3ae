package io.betterccflare.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags, as picocli fields. Only parsed values live here; {@link Cli} decides what runs.
 */
@Command(name = "better-ccflare", sortOptions = false, usageHelpAutoWidth = true,
        description = "Claude API load-balancing proxy: spreads Claude Code and SDK traffic over many accounts.%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  better-ccflare --serve                       start the proxy on http://127.0.0.1:8080",
            "  better-ccflare --add-account work --mode console --api-key sk-ant-api03-... --priority 5",
            "  better-ccflare --add-account me --mode max                log in with a Claude subscription (paste code#state)",
            "  better-ccflare --add-account glm --mode zai --api-key KEY",
            "  better-ccflare --reauth me                                log in again; keeps the account's id and history",
            "  better-ccflare --auto-refresh me on                       start a new usage window as soon as one resets",
            "  better-ccflare --list",
            "  better-ccflare --logs 50                     last 50 log lines",
            "  ANTHROPIC_BASE_URL=http://localhost:8080 claude",
            "",
            "Run with no flags on a terminal for the interactive terminal UI."})
final class CliOptions {
    @picocli.CommandLine.Mixin
    ApiKeyOptions apiKeys = new ApiKeyOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-v", "--version"}, description = "Print the version and exit.")
    boolean version;

    @Option(names = "--serve", description = "Start the server only (no terminal UI).")
    boolean serve;

    @Option(names = "--port", paramLabel = "N", description = "Port for the server (default 8080, env PORT).")
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default 127.0.0.1, env BETTER_CCFLARE_HOST).")
    String host;

    @Option(names = "--stats", description = "Print request statistics as JSON.")
    boolean stats;

    @Option(names = "--reset-stats", description = "Delete all request history and zero the accounts' request counters.")
    boolean resetStats;

    @Option(names = "--clear-history", description = "Delete all request history.")
    boolean clearHistory;

    @Option(names = "--list", description = "List accounts.")
    boolean list;

    @Option(names = "--add-account", paramLabel = "NAME", description = "Add an account (see --mode).")
    String addAccount;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Account kind for --add-account: max, console, zai or anthropic-compatible (default max).")
    String mode;

    @Option(names = "--tier", paramLabel = "1|5|20", description = "Subscription tier for --add-account (default 1; informational).")
    Integer tier;

    @Option(names = "--priority", paramLabel = "0-100", description = "Priority for --add-account; lower is preferred (default 0).")
    Integer priority;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "API key for zai and anthropic-compatible accounts (asked for when omitted on a terminal); "
                    + "console accounts without it log in with OAuth and get a minted key.")
    String apiKey;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Custom upstream base URL for --add-account (required for anthropic-compatible).")
    String endpoint;

    @Option(names = "--proxy", paramLabel = "URL",
            description = "The account's own outbound proxy for --add-account: http[s]://[user:password@]host:port; "
                    + "used instead of HTTPS_PROXY/HTTP_PROXY for that account, NO_PROXY does not apply to it.")
    String proxy;

    @Option(names = "--set-proxy", arity = "2", paramLabel = "NAME URL|off",
            description = "Set an account's own outbound proxy, or remove it with off (or \"\").")
    String[] setProxy;

    @Option(names = "--remove", paramLabel = "NAME", description = "Remove an account (asks for confirmation).")
    String remove;

    @Option(names = "--force", description = "Do not ask for confirmation (with --remove).")
    boolean force;

    @Option(names = "--pause", paramLabel = "NAME", description = "Pause an account: routing skips it.")
    String pause;

    @Option(names = "--resume", paramLabel = "NAME", description = "Resume a paused account.")
    String resume;

    @Option(names = "--set-priority", arity = "2", paramLabel = "NAME N", description = "Set an account's priority (0-100).")
    String[] setPriority;

    @Option(names = "--logs", arity = "0..1", fallbackValue = "100", paramLabel = "N",
            description = "Print the last N lines of the log file (default 100) and exit.")
    Integer logs;

    @Option(names = "--analyze", description = "Database health report: indexes, row counts, query timings; refreshes statistics.")
    boolean analyze;

    @Option(names = "--doctor", description = "Check the database's integrity (quick) and storage; exit status 0 when healthy, 1 when not.")
    boolean doctor;

    @Option(names = "--doctor-full", description = "Like --doctor with the exhaustive integrity check (slower).")
    boolean doctorFull;

    @Option(names = "--rotate-encryption-key",
            description = "Re-encrypt the stored secrets with the key in BETTER_CCFLARE_NEW_ENCRYPTION_KEY (or _FILE);"
                    + " every server on the database must be stopped.")
    boolean rotateEncryptionKey;

    @Option(names = "--decrypt-secrets",
            description = "Store the secrets clear again (needs the current key); then remove the key from the configuration.")
    boolean decryptSecrets;

    @Option(names = "--import-ccflare", paramLabel = "PATH",
            description = "Import the accounts of a better-ccflare SQLite database (1.x or 3.x); again is harmless.")
    Path importCcflare;

    @Option(names = "--with-history", description = "With --import-ccflare: also import its request history.")
    boolean withHistory;

    @Option(names = "--get-model", description = "Print the default agent model.")
    boolean getModel;

    @Option(names = "--set-model", paramLabel = "MODEL",
            description = "Set the default agent model: opus-4, sonnet-4, opus-4.1, sonnet-4.5 (or a full model id of these).")
    String setModel;

    @Option(names = "--set-model-map", arity = "2", paramLabel = "NAME PATTERN=MODEL",
            description = "Map requested models matching PATTERN (* = anything) to MODEL on an account, for example"
                    + " claude-sonnet-*=glm-4.6; PATTERN= (no model) removes the mapping.")
    String[] setModelMap;

    @Option(names = "--serve-requested-model", arity = "2", paramLabel = "NAME on|off",
            description = "on: the account is always sent the model the client asked for (no agent override, no mapping).")
    String[] serveRequestedModel;

    @Option(names = "--reauth", paramLabel = "NAME",
            description = "Log an OAuth account in again (new tokens), keeping its id, settings and history.")
    String reauth;

    @Option(names = "--auto-fallback", arity = "2", paramLabel = "NAME on|off",
            description = "Turn auto-fallback on or off for an Anthropic account.")
    String[] autoFallback;

    @Option(names = "--auto-refresh", arity = "2", paramLabel = "NAME on|off",
            description = "Turn auto-refresh on or off for an Anthropic account.")
    String[] autoRefresh;
}
