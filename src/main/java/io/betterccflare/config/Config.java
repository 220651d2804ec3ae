package io.betterccflare.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole runtime configuration, parsed once at startup by {@link ConfigLoader} and never changed
 * afterwards. Immutable and therefore thread-safe. Settings that the API can change at runtime
 * (strategy, retention) are written to the config file and read into a new {@code Config}.
 */
public record Config(
        Files files,
        Server server,
        Storage storage,
        Upstreams upstreams,
        Routing routing,
        Retention retention,
        Logging logging,
        Pricing pricing,
        String clientId,
        String defaultAgentModel,
        Retry retry,
        Usage usage,
        RequestLog requestLog,
        Access access) {

    public Config {
        Objects.requireNonNull(files, "files == null");
        Objects.requireNonNull(server, "server == null");
        Objects.requireNonNull(storage, "storage == null");
        Objects.requireNonNull(upstreams, "upstreams == null");
        Objects.requireNonNull(routing, "routing == null");
        Objects.requireNonNull(retention, "retention == null");
        Objects.requireNonNull(logging, "logging == null");
        Objects.requireNonNull(pricing, "pricing == null");
        Objects.requireNonNull(clientId, "clientId == null");
        Objects.requireNonNull(defaultAgentModel, "defaultAgentModel == null");
        Objects.requireNonNull(retry, "retry == null");
        Objects.requireNonNull(usage, "usage == null");
        Objects.requireNonNull(requestLog, "requestLog == null");
        Objects.requireNonNull(access, "access == null");
    }

    /** The configuration with the default access settings (loopback names only, no CORS). */
    public Config(Files files, Server server, Storage storage, Upstreams upstreams, Routing routing, Retention retention,
                  Logging logging, Pricing pricing, String clientId, String defaultAgentModel, Retry retry, Usage usage,
                  RequestLog requestLog) {
        this(files, server, storage, upstreams, routing, retention, logging, pricing, clientId, defaultAgentModel, retry,
                usage, requestLog, Access.DEFAULTS);
    }

    /** The configuration without the usage and request-log settings, which then take their defaults. */
    public Config(Files files, Server server, Storage storage, Upstreams upstreams, Routing routing, Retention retention,
                  Logging logging, Pricing pricing, String clientId, String defaultAgentModel, Retry retry) {
        this(files, server, storage, upstreams, routing, retention, logging, pricing, clientId, defaultAgentModel, retry,
                Usage.DEFAULT);
    }

    /** The configuration with the default request-log settings. */
    public Config(Files files, Server server, Storage storage, Upstreams upstreams, Routing routing, Retention retention,
                  Logging logging, Pricing pricing, String clientId, String defaultAgentModel, Retry retry, Usage usage) {
        this(files, server, storage, upstreams, routing, retention, logging, pricing, clientId, defaultAgentModel, retry,
                usage, RequestLog.DEFAULTS);
    }

    /** Where our files live. */
    public record Files(Path dataDir, Path configFile) {
    }

    /**
     * The HTTP server: bind address, port, the largest request body the proxy buffers, whether requests
     * pass through unauthenticated when no account is configured, and how long a stream may stay silent.
     */
    public record Server(String host, int port, long maxRequestBodyBytes, boolean passthrough, long streamIdleTimeoutMs) {
    }

    /** SQLite file (default) or PostgreSQL ({@code databaseUrl} non-null), with SQLite tuning. */
    public record Storage(Path sqlitePath, String databaseUrl, SqliteTuning sqlite) {
        public boolean postgres() {
            return databaseUrl != null;
        }
    }

    /** SQLite pragmas and the retry policy for busy/locked errors. */
    public record SqliteTuning(boolean walMode, int busyTimeoutMs, int cacheSize, String synchronous, long mmapSize) {
    }

    /** Default upstream base URLs; an account's custom endpoint overrides them. */
    public record Upstreams(URI anthropic, URI oauth, URI zai) {
    }

    /** Load-balancing strategy and sticky-session length. */
    public record Routing(String strategy, long sessionDurationMs) {
    }

    /** Days to keep request payloads and request rows. */
    public record Retention(int payloadDays, int requestDays) {
    }

    /** Log level and format; {@code console} also echoes log lines to stderr. */
    public record Logging(String level, String format, boolean console) {
    }

    /** Price catalogue refresh from {@code sourceUrl} (models.dev format): off when {@code offline}. */
    public record Pricing(boolean offline, int refreshHours, long streamUsageBufferKb, URI sourceUrl) {
        public static final URI MODELS_DEV = URI.create("https://models.dev/api.json");

        public Pricing(boolean offline, int refreshHours, long streamUsageBufferKb) {
            this(offline, refreshHours, streamUsageBufferKb, MODELS_DEV);
        }
    }

    /**
     * The request log: whether requests are recorded at all ({@code enabled}), whether payloads are stored, the cap on each stored body, and how many finished
     * requests may wait for the database writer before new ones are dropped.
     */
    public record RequestLog(boolean enabled, boolean storePayloads, int payloadMaxBytes, int queueCapacity) {
        public static final RequestLog DEFAULTS = new RequestLog(true, true, 256 * 1024, 10_000);
    }

    /** Reference retry keys; kept for compatibility and reported by {@code /api/config}. */
    public record Retry(int attempts, long delayMs, double backoff) {
    }

    /** How often the OAuth usage windows of each subscription account are polled (before jitter). */
    public record Usage(long pollIntervalMs) {
        public static final Usage DEFAULT = new Usage(90_000);
    }

    /**
     * Who may reach the server from a browser: {@code allowedHosts} are extra {@code Host} names accepted besides
     * loopback names, IP literals and the bound address ({@code BETTER_CCFLARE_ALLOWED_HOSTS}, {@code *} accepts
     * any); {@code corsOrigins} are origins that get CORS headers and may send state-changing requests
     * ({@code BETTER_CCFLARE_CORS_ORIGINS}). Lists are lower-case and never null.
     */
    public record Access(java.util.List<String> allowedHosts, java.util.List<String> corsOrigins) {
        public static final Access DEFAULTS = new Access(java.util.List.of(), java.util.List.of());

        public Access {
            allowedHosts = java.util.List.copyOf(allowedHosts);
            corsOrigins = java.util.List.copyOf(corsOrigins);
        }
    }
}
