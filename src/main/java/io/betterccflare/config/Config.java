package io.betterccflare.config;

import io.betterccflare.encryption.EncryptionKey;
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
        Agents agents,
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
        Objects.requireNonNull(agents, "agents == null");
        Objects.requireNonNull(access, "access == null");
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
                usage, RequestLog.DEFAULTS, Agents.NONE, Access.DEFAULTS);
    }

    /** Where our files live. */
    public record Files(Path dataDir, Path configFile) {
    }

    /**
     * The HTTP server: bind address, port, the largest request body the proxy buffers, whether requests
     * pass through unauthenticated when no account is configured, how long a stream may stay silent, and
     * the token that lets Prometheus scrape {@code /metrics} ({@code BETTER_CCFLARE_METRICS_TOKEN}, or null).
     */
    public record Server(String host, int port, long maxRequestBodyBytes, boolean passthrough, long streamIdleTimeoutMs,
                         String metricsToken) {
        /** Without a metrics token. */
        public Server(String host, int port, long maxRequestBodyBytes, boolean passthrough, long streamIdleTimeoutMs) {
            this(host, port, maxRequestBodyBytes, passthrough, streamIdleTimeoutMs, null);
        }

        /** Masks the metrics token. */
        @Override
        public String toString() {
            return "Server[host=" + host + ", port=" + port + ", maxRequestBodyBytes=" + maxRequestBodyBytes
                    + ", passthrough=" + passthrough + ", streamIdleTimeoutMs=" + streamIdleTimeoutMs
                    + ", metricsToken=" + (metricsToken == null ? "none" : "****") + "]";
        }
    }

    /**
     * SQLite file (default) or PostgreSQL ({@code databaseUrl} non-null), with SQLite tuning, and the key that
     * encrypts the secrets stored in it ({@code BETTER_CCFLARE_ENCRYPTION_KEY} or {@code ..._KEY_FILE}), or null.
     */
    public record Storage(Path sqlitePath, String databaseUrl, SqliteTuning sqlite, EncryptionKey encryptionKey) {
        /** Storage without an encryption key: secrets are stored clear. */
        public Storage(Path sqlitePath, String databaseUrl, SqliteTuning sqlite) {
            this(sqlitePath, databaseUrl, sqlite, null);
        }

        public boolean postgres() {
            return databaseUrl != null;
        }
    }

    /** SQLite pragmas and the retry policy for busy/locked errors. */
    public record SqliteTuning(boolean walMode, int busyTimeoutMs, int cacheSize, String synchronous, long mmapSize) {
    }

    /** Default upstream base URLs; an account's custom endpoint overrides them. How the proxy reaches them. */
    public record Upstreams(URI anthropic, URI oauth, URI zai, Outbound outbound) {
        /** The base URLs with the default {@link Outbound} settings. */
        public Upstreams(URI anthropic, URI oauth, URI zai) {
            this(anthropic, oauth, zai, Outbound.DEFAULTS);
        }
    }

    /**
     * How the proxy talks to upstreams (issue 10). Timeouts in milliseconds: {@code connectTimeoutMs} per
     * address tried; {@code streamHeaderTimeoutMs} for the whole response head of a streaming request (they
     * come within seconds, anthropic-wire.md §1.3); {@code headerTimeoutMs} for a non-streaming one (the head
     * only comes with the whole message, which can take minutes; the SDKs wait 600 s). Outbound proxies as
     * curl reads them: {@code httpProxy} for {@code http://} targets, {@code httpsProxy} (CONNECT) for
     * {@code https://} ones, either null for none; {@code noProxy} a comma-separated list of host names,
     * domain suffixes ({@code .corp} or {@code corp}), IP addresses or {@code *}, empty for none.
     */
    public record Outbound(long connectTimeoutMs, long streamHeaderTimeoutMs, long headerTimeoutMs,
                           URI httpProxy, URI httpsProxy, String noProxy) {
        public static final Outbound DEFAULTS = new Outbound(10_000, 60_000, 600_000, null, null, "");
    }

    /**
     * Load-balancing strategy, sticky-session length, and how long a request that would get a 429 may wait
     * for the earliest reset ({@code BETTER_CCFLARE_HOLD_MAX_S}, seconds; 0 never waits).
     */
    public record Routing(String strategy, long sessionDurationMs, int holdMaxSeconds) {
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

    /**
     * The reference's retry keys, driving the in-place retries of overloaded (529) and transient 5xx answers:
     * attempts per account (the first included), the first delay in ms, and the factor per retry.
     */
    public record Retry(int attempts, long delayMs, double backoff) {
    }

    /**
     * Agents (issue 14): the global agent folder ({@code ~/.claude/agents}, or {@code BETTER_CCFLARE_AGENTS_DIR}),
     * and whether an agent's front-matter {@code model} rewrites requests when no preference is stored
     * ({@code agent_frontmatter_models}, off by default).
     */
    public record Agents(Path globalDir, boolean frontmatterModels) {
        /** No global folder (nothing is discovered there) and no front-matter rewrites. */
        public static final Agents NONE = new Agents(null, false);
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
