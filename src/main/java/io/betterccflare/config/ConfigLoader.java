package io.betterccflare.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.encryption.EncryptionException;
import io.betterccflare.encryption.EncryptionKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the {@link Config} from, in order of precedence, CLI overrides, environment variables, the
 * {@code better-ccflare.json} file and defaults. Any invalid value stops with a {@link ConfigException}
 * naming the key and its source. Reading never writes the file. Stateless; thread-safe.
 */
public final class ConfigLoader {
    public static final String DEFAULT_CLIENT_ID = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";
    public static final String DEFAULT_AGENT_MODEL = "claude-sonnet-4-20250514";
    /** The load-balancing strategies, in the order they are listed to people. */
    public static final Set<String> STRATEGIES = java.util.Collections.unmodifiableSequencedSet(
            new java.util.LinkedHashSet<>(List.of("session", "session-affinity")));

    /** The database encryption key (base64), or with {@code _FILE} the file holding it (issue 15 part 5). */
    public static final String KEY_VARIABLE = "BETTER_CCFLARE_ENCRYPTION_KEY";
    /** The key {@code --rotate-encryption-key} re-encrypts to, given the same two ways. */
    public static final String NEW_KEY_VARIABLE = "BETTER_CCFLARE_NEW_ENCRYPTION_KEY";

    private final Map<String, String> env;
    private final String osName;
    private final String userHome;

    public ConfigLoader(Map<String, String> env, String osName, String userHome) {
        this.env = Map.copyOf(env);
        this.osName = osName;
        this.userHome = userHome;
    }

    /** Loader for this process: real environment, OS and home directory. */
    public static ConfigLoader forThisProcess() {
        return new ConfigLoader(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    /**
     * @param cli overrides from command-line flags, keyed by config-file key ({@code port}, {@code host})
     */
    public Config load(Map<String, String> cli) {
        Path dataDir = DataDirectory.resolve(env, osName, userHome);
        Path configFile = pathFromEnv("BETTER_CCFLARE_CONFIG_PATH", "ccflare_CONFIG_PATH", dataDir.resolve("better-ccflare.json"));
        Sources sources = new Sources(cli, env, configFile, readFile(configFile));

        var server = new Config.Server(
                sources.get("host", List.of("BETTER_CCFLARE_HOST"), "127.0.0.1", ConfigLoader::host),
                sources.get("port", List.of("PORT"), 8080, intRange(0, 65535)),
                sources.get("max_request_body_mb", List.of("BETTER_CCFLARE_MAX_BODY_MB"), 32, intRange(1, 1024)) * 1024L * 1024L,
                sources.get("passthrough", List.of("BETTER_CCFLARE_PASSTHROUGH"), true, ConfigLoader::bool),
                sources.get("stream_timeout_ms", List.of("CF_STREAM_TIMEOUT_MS"), 60_000L, longRange(1_000, 3_600_000)),
                sources.get("metrics_token", List.of("BETTER_CCFLARE_METRICS_TOKEN"), null, ConfigLoader::nonBlank));
        var storage = new Config.Storage(
                pathFromEnv("BETTER_CCFLARE_DB_PATH", "ccflare_DB_PATH", dataDir.resolve("better-ccflare.db")),
                sources.get("database_url", List.of("DATABASE_URL"), null, ConfigLoader::databaseUrl),
                new Config.SqliteTuning(
                        sources.get("db_wal_mode", List.of(), true, ConfigLoader::bool),
                        sources.get("db_busy_timeout_ms", List.of(), 5_000, intRange(0, 300_000)),
                        sources.get("db_cache_size", List.of(), -20_000, intRange(-2_000_000, 1_000_000)),
                        sources.get("db_synchronous", List.of(), "NORMAL", oneOf("OFF", "NORMAL", "FULL")),
                        sources.get("db_mmap_size", List.of(), 0L, longRange(0, 1L << 30))),
                encryptionKey(env, KEY_VARIABLE));
        var upstreams = new Config.Upstreams(
                sources.get("anthropic_url", List.of("BETTER_CCFLARE_ANTHROPIC_URL"), URI.create("https://api.anthropic.com"), ConfigLoader::httpUrl),
                sources.get("oauth_url", List.of("BETTER_CCFLARE_OAUTH_URL"), URI.create("https://platform.claude.com"), ConfigLoader::httpUrl),
                sources.get("zai_url", List.of("BETTER_CCFLARE_ZAI_URL"), URI.create("https://api.z.ai/api/anthropic"), ConfigLoader::httpUrl),
                new Config.Outbound(
                        sources.get("upstream_connect_timeout_ms", List.of("BETTER_CCFLARE_CONNECT_TIMEOUT_MS"), 10_000L, longRange(100, 600_000)),
                        sources.get("stream_header_timeout_ms", List.of("BETTER_CCFLARE_STREAM_HEADER_TIMEOUT_MS"), 60_000L, longRange(100, 3_600_000)),
                        sources.get("header_timeout_ms", List.of("BETTER_CCFLARE_HEADER_TIMEOUT_MS"), 600_000L, longRange(100, 3_600_000)),
                        sources.get("http_proxy", List.of("HTTP_PROXY", "http_proxy"), null, ConfigLoader::proxyUrl),
                        sources.get("https_proxy", List.of("HTTPS_PROXY", "https_proxy"), null, ConfigLoader::proxyUrl),
                        sources.get("no_proxy", List.of("NO_PROXY", "no_proxy"), "", String::trim)));
        var routing = new Config.Routing(
                sources.get("lb_strategy", List.of("LB_STRATEGY"), "session", oneOf(STRATEGIES.toArray(String[]::new))),
                sources.get("session_duration_ms", List.of("SESSION_DURATION_MS"), 18_000_000L, longRange(1_000, 30L * 24 * 3_600_000)),
                sources.get("hold_max_s", List.of("BETTER_CCFLARE_HOLD_MAX_S"), 0, intRange(0, 3_600)));
        var retention = new Config.Retention(
                sources.get("data_retention_days", List.of("DATA_RETENTION_DAYS"), 7, intRange(1, 365)),
                sources.get("request_retention_days", List.of("REQUEST_RETENTION_DAYS"), 365, intRange(1, 3650)));
        var logging = new Config.Logging(
                sources.get("log_level", List.of("LOG_LEVEL"), "INFO", upper(oneOf("DEBUG", "INFO", "WARN", "ERROR"))),
                sources.get("log_format", List.of("LOG_FORMAT"), "pretty", lower(oneOf("pretty", "json"))),
                sources.get("debug", List.of("BETTER_CCFLARE_DEBUG", "ccflare_DEBUG"), false, ConfigLoader::bool));
        var pricing = new Config.Pricing(
                sources.get("pricing_offline", List.of("CF_PRICING_OFFLINE"), false, ConfigLoader::bool),
                sources.get("pricing_refresh_hours", List.of("CF_PRICING_REFRESH_HOURS"), 24, intRange(1, 24 * 365)),
                sources.get("stream_usage_buffer_kb", List.of("CF_STREAM_USAGE_BUFFER_KB"), 64L, longRange(1, 1024 * 1024)),
                sources.get("pricing_url", List.of("BETTER_CCFLARE_PRICING_URL"), Config.Pricing.MODELS_DEV, ConfigLoader::httpUrl));
        var requestLog = new Config.RequestLog(
                sources.get("request_logging", List.of("BETTER_CCFLARE_REQUEST_LOGGING"), true, ConfigLoader::bool),
                sources.get("store_payloads", List.of("BETTER_CCFLARE_STORE_PAYLOADS"), true, ConfigLoader::bool),
                sources.get("payload_max_bytes", List.of("CF_STREAM_BODY_MAX_BYTES"), 256 * 1024, intRange(0, 64 * 1024 * 1024)),
                sources.get("request_log_queue", List.of("BETTER_CCFLARE_REQUEST_LOG_QUEUE"), 10_000, intRange(1, 1_000_000)));
        var retry = new Config.Retry(
                sources.get("retry_attempts", List.of("RETRY_ATTEMPTS"), 3, intRange(0, 100)),
                sources.get("retry_delay_ms", List.of("RETRY_DELAY_MS"), 1000L, longRange(0, 3_600_000)),
                sources.get("retry_backoff", List.of("RETRY_BACKOFF"), 2.0, ConfigLoader::positiveDouble));
        return new Config(
                new Config.Files(dataDir, configFile),
                server, storage, upstreams, routing, retention, logging, pricing,
                sources.get("client_id", List.of("CLIENT_ID"), DEFAULT_CLIENT_ID, ConfigLoader::nonBlank),
                sources.get("default_agent_model", List.of("DEFAULT_AGENT_MODEL"), DEFAULT_AGENT_MODEL, ConfigLoader::nonBlank),
                retry,
                new Config.Usage(sources.get("usage_poll_interval_ms", List.of("USAGE_POLL_INTERVAL_MS"), 90_000L,
                        longRange(10_000, 3_600_000))),
                requestLog,
                new Config.Agents(pathFromEnv("BETTER_CCFLARE_AGENTS_DIR", null, Path.of(userHome, ".claude", "agents")),
                        sources.get("agent_frontmatter_models", List.of("BETTER_CCFLARE_AGENT_FRONTMATTER_MODELS"), false,
                                ConfigLoader::bool)),
                new Config.Access(
                        sources.get("allowed_hosts", List.of("BETTER_CCFLARE_ALLOWED_HOSTS"), List.of(), ConfigLoader::hostList),
                        sources.get("cors_origins", List.of("BETTER_CCFLARE_CORS_ORIGINS"), List.of(), ConfigLoader::originList)));
    }

    /**
     * The key given by the environment variable {@code variable} (base64 text) or {@code variable + "_FILE"} (a
     * file holding it, owner-only); null when neither is set. Both set, a malformed key or an unsafe file is a
     * {@link ConfigException} that names the variable or file and never repeats the key.
     */
    public static EncryptionKey encryptionKey(Map<String, String> env, String variable) {
        String text = env.get(variable);
        String file = env.get(variable + "_FILE");
        boolean hasText = text != null && !text.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasText && hasFile) {
            throw new ConfigException("Set either " + variable + " or " + variable + "_FILE, not both");
        }
        try {
            if (hasText) {
                return EncryptionKey.parse(text, "environment variable " + variable);
            }
            return hasFile ? EncryptionKey.fromFile(Path.of(file.strip()).toAbsolutePath()) : null;
        } catch (EncryptionException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private Path pathFromEnv(String name, String legacyName, Path fallback) {
        for (String key : legacyName == null ? List.of(name) : List.of(name, legacyName)) {
            String value = env.get(key);
            if (value != null && !value.isBlank()) {
                return Path.of(value.trim()).toAbsolutePath();
            }
        }
        return fallback;
    }

    private static ObjectNode readFile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                return new ObjectMapper().createObjectNode();
            }
            JsonNode node = new ObjectMapper().readTree(bytes);
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigException("Config file " + file + " must contain a JSON object");
            }
            return object;
        } catch (NoSuchFileException e) {
            return new ObjectMapper().createObjectNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("Config file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException("Config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** One parsed value source chain for a single load. */
    private record Sources(Map<String, String> cli, Map<String, String> env, Path file, ObjectNode json) {
        <T> T get(String key, List<String> envNames, T fallback, Function<String, T> parse) {
            String cliValue = cli.get(key);
            if (cliValue != null) {
                return parse(cliValue, parse, key, "flag --" + key.replace('_', '-'));
            }
            for (String envName : envNames) {
                String value = env.get(envName);
                if (value != null && !value.isEmpty()) {
                    return parse(value, parse, key, "environment variable " + envName);
                }
            }
            JsonNode node = json.get(key);
            if (node != null && !node.isNull()) {
                String origin = "config file " + file + " (key \"" + key + "\")";
                if (node.isContainerNode()) {
                    throw new ConfigException("Invalid value for " + key + " from " + origin + ": expected a single value");
                }
                return parse(node.asText(), parse, key, origin);
            }
            return fallback;
        }

        private static <T> T parse(String raw, Function<String, T> parse, String key, String origin) {
            try {
                return parse.apply(raw.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid value \"" + raw + "\" for " + key + " from " + origin + ": " + e.getMessage());
            }
        }
    }

    private static Function<String, Integer> intRange(int min, int max) {
        return raw -> {
            long value = longRange(min, max).apply(raw);
            return (int) value;
        };
    }

    private static Function<String, Long> longRange(long min, long max) {
        return raw -> {
            long value;
            try {
                value = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be an integer between " + min + " and " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be an integer between " + min + " and " + max);
            }
            return value;
        };
    }

    private static double positiveDouble(String raw) {
        try {
            double value = Double.parseDouble(raw);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("must be a positive number");
    }

    private static boolean bool(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false (or 1 or 0)");
        };
    }

    private static Function<String, String> oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return raw -> {
            if (!set.contains(raw)) {
                throw new IllegalArgumentException("must be one of: " + String.join(", ", allowed));
            }
            return raw;
        };
    }

    private static Function<String, String> upper(Function<String, String> next) {
        return raw -> next.apply(raw.toUpperCase(Locale.ROOT));
    }

    private static Function<String, String> lower(Function<String, String> next) {
        return raw -> next.apply(raw.toLowerCase(Locale.ROOT));
    }

    private static String nonBlank(String raw) {
        if (raw.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return raw;
    }

    private static String host(String raw) {
        if (raw.isBlank() || !raw.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new IllegalArgumentException("must be a host name or IP address");
        }
        return raw;
    }

    /** Comma-separated host names (or {@code *}), lower-cased; ports are not part of a name. */
    private static List<String> hostList(String raw) {
        List<String> hosts = new java.util.ArrayList<>();
        for (String part : raw.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!name.equals("*") && !name.matches("\\.?[a-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("must be comma-separated host names (\"" + name + "\" is not one)");
            }
            hosts.add(name);
        }
        return hosts;
    }

    /** Comma-separated origins ({@code scheme://host[:port]}), lower-cased, without a trailing slash. */
    private static List<String> originList(String raw) {
        List<String> origins = new java.util.ArrayList<>();
        for (String part : raw.split(",")) {
            String origin = part.trim().toLowerCase(Locale.ROOT);
            if (origin.endsWith("/")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            if (origin.isEmpty()) {
                continue;
            }
            URI uri = httpUrl(origin);
            if (uri.getPath() != null && !uri.getPath().isEmpty() || uri.getQuery() != null) {
                throw new IllegalArgumentException("must be origins like https://app.example:8443, without a path");
            }
            origins.add(origin);
        }
        return origins;
    }

    static URI httpUrl(String raw) {
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("must be an absolute http:// or https:// URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("must be an absolute http:// or https:// URL");
        }
    }

    /**
     * An outbound proxy as curl accepts it: {@code http://host:port} or bare {@code host:port} (port 80 when
     * absent). Credentials in the URL are refused without echoing the value, which would print them.
     */
    static URI proxyUrl(String raw) {
        URI uri = httpUrl(raw.contains("://") ? raw : "http://" + raw);
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException("An outbound proxy URL must not contain credentials (value not shown)");
        }
        if (!uri.getScheme().equalsIgnoreCase("http")) {
            throw new IllegalArgumentException("only http:// proxies are supported (https:// targets go through CONNECT)");
        }
        return URI.create("http://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort()));
    }

    private static String databaseUrl(String raw) {
        if (raw.startsWith("postgres://") || raw.startsWith("postgresql://") || raw.startsWith("jdbc:postgresql:")) {
            return raw;
        }
        throw new IllegalArgumentException("must be a PostgreSQL URL (postgres://user:password@host:port/db or jdbc:postgresql://...)");
    }
}
