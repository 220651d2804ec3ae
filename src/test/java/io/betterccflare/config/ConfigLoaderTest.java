package io.betterccflare.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();

    private Config load(Map<String, String> cli) {
        return new ConfigLoader(env, "Linux", home.toString()).load(cli);
    }

    private Path writeConfigFile(String json) throws IOException {
        Path file = home.resolve(".config/better-ccflare/better-ccflare.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    @Test
    void defaults_match_the_reference() {
        Config config = load(Map.of());

        assertThat(config.files().dataDir()).isEqualTo(home.resolve(".config/better-ccflare"));
        assertThat(config.files().configFile()).isEqualTo(home.resolve(".config/better-ccflare/better-ccflare.json"));
        assertThat(config.storage().sqlitePath()).isEqualTo(home.resolve(".config/better-ccflare/better-ccflare.db"));
        assertThat(config.storage().postgres()).isFalse();
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().maxRequestBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.server().passthrough()).isTrue();
        assertThat(config.routing().strategy()).isEqualTo("session");
        assertThat(config.routing().sessionDurationMs()).isEqualTo(18_000_000L);
        assertThat(config.routing().holdMaxSeconds()).isZero();
        assertThat(config.retry()).isEqualTo(new Config.Retry(3, 1_000, 2.0));
        assertThat(config.retention().payloadDays()).isEqualTo(7);
        assertThat(config.retention().requestDays()).isEqualTo(365);
        assertThat(config.clientId()).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(config.defaultAgentModel()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(config.upstreams().anthropic()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(config.upstreams().oauth()).isEqualTo(URI.create("https://platform.claude.com"));
        assertThat(config.upstreams().zai()).isEqualTo(URI.create("https://api.z.ai/api/anthropic"));
        assertThat(config.logging().level()).isEqualTo("INFO");
    }

    @Test
    void the_session_affinity_strategy_and_the_hold_are_read_from_the_environment() {
        env.put("LB_STRATEGY", "session-affinity");
        env.put("BETTER_CCFLARE_HOLD_MAX_S", "120");

        Config config = load(Map.of());

        assertThat(config.routing().strategy()).isEqualTo("session-affinity");
        assertThat(config.routing().holdMaxSeconds()).isEqualTo(120);
        env.put("BETTER_CCFLARE_HOLD_MAX_S", "-1");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("hold_max_s");
    }

    @Test
    void xdg_config_home_and_windows_rules_choose_the_data_directory() {
        env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        assertThat(load(Map.of()).files().dataDir()).isEqualTo(home.resolve("xdg/better-ccflare"));

        assertThat(DataDirectory.resolve(Map.of("LOCALAPPDATA", "C:\\Users\\me\\AppData\\Local", "APPDATA", "x"), "Windows 11", "C:\\Users\\me"))
                .isEqualTo(Path.of("C:\\Users\\me\\AppData\\Local", "better-ccflare"));
        assertThat(DataDirectory.resolve(Map.of("APPDATA", "R"), "Windows 10", "H")).isEqualTo(Path.of("R", "better-ccflare"));
        assertThat(DataDirectory.resolve(Map.of(), "Windows 10", "H")).isEqualTo(Path.of("H", "AppData", "Local", "better-ccflare"));
    }

    @Test
    void cli_beats_env_beats_file_beats_default_for_every_source() throws IOException {
        writeConfigFile("{\"port\": 7001, \"session_duration_ms\": 1000, \"data_retention_days\": 3, \"client_id\": \"file-client\"}");
        env.put("PORT", "7002");
        env.put("SESSION_DURATION_MS", "2000");

        Config config = load(Map.of("port", "7003"));

        assertThat(config.server().port()).isEqualTo(7003);
        assertThat(config.routing().sessionDurationMs()).isEqualTo(2000);
        assertThat(config.retention().payloadDays()).isEqualTo(3);
        assertThat(config.clientId()).isEqualTo("file-client");
        assertThat(load(Map.of()).server().port()).isEqualTo(7002);
        env.remove("PORT");
        assertThat(load(Map.of()).server().port()).isEqualTo(7001);
    }

    @Test
    void environment_variables_of_the_spec_are_read() {
        env.put("BETTER_CCFLARE_HOST", "0.0.0.0");
        env.put("DATABASE_URL", "postgres://u:p@db.local:5433/ccflare");
        env.put("BETTER_CCFLARE_ANTHROPIC_URL", "http://127.0.0.1:9001/");
        env.put("BETTER_CCFLARE_OAUTH_URL", "http://127.0.0.1:9002");
        env.put("BETTER_CCFLARE_ZAI_URL", "http://127.0.0.1:9003/api/anthropic");
        env.put("BETTER_CCFLARE_DB_PATH", home.resolve("x.db").toString());
        env.put("LB_STRATEGY", "session");
        env.put("CLIENT_ID", "env-client");
        env.put("DEFAULT_AGENT_MODEL", "claude-opus-4-1-20250805");
        env.put("REQUEST_RETENTION_DAYS", "30");
        env.put("LOG_LEVEL", "debug");
        env.put("LOG_FORMAT", "JSON");
        env.put("BETTER_CCFLARE_DEBUG", "1");
        env.put("CF_PRICING_OFFLINE", "1");
        env.put("BETTER_CCFLARE_PASSTHROUGH", "false");
        env.put("RETRY_ATTEMPTS", "5");

        Config config = load(Map.of());

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.storage().databaseUrl()).isEqualTo("postgres://u:p@db.local:5433/ccflare");
        assertThat(config.upstreams().anthropic()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        assertThat(config.upstreams().oauth()).isEqualTo(URI.create("http://127.0.0.1:9002"));
        assertThat(config.upstreams().zai()).isEqualTo(URI.create("http://127.0.0.1:9003/api/anthropic"));
        assertThat(config.storage().sqlitePath()).isEqualTo(home.resolve("x.db"));
        assertThat(config.clientId()).isEqualTo("env-client");
        assertThat(config.defaultAgentModel()).isEqualTo("claude-opus-4-1-20250805");
        assertThat(config.retention().requestDays()).isEqualTo(30);
        assertThat(config.logging()).isEqualTo(new Config.Logging("DEBUG", "json", true));
        assertThat(config.pricing().offline()).isTrue();
        assertThat(config.server().passthrough()).isFalse();
        assertThat(config.retry().attempts()).isEqualTo(5);
    }

    @Test
    void config_path_variable_moves_the_file() throws IOException {
        Path custom = home.resolve("elsewhere.json");
        Files.writeString(custom, "{\"port\": 9999}");
        env.put("BETTER_CCFLARE_CONFIG_PATH", custom.toString());

        assertThat(load(Map.of()).server().port()).isEqualTo(9999);
    }

    @Test
    void invalid_values_name_the_key_and_their_source() throws IOException {
        env.put("PORT", "abc");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value \"abc\" for port from environment variable PORT: must be an integer between 0 and 65535");
        env.clear();

        Path file = writeConfigFile("{\"data_retention_days\": -3}");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value \"-3\" for data_retention_days from config file " + file
                        + " (key \"data_retention_days\"): must be an integer between 1 and 365");

        writeConfigFile("{}");
        assertThatThrownBy(() -> load(Map.of("port", "70000"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value \"70000\" for port from flag --port: must be an integer between 0 and 65535");

        env.put("DATABASE_URL", "mysql://x");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value \"mysql://x\" for database_url from environment variable DATABASE_URL");
        env.clear();

        env.put("BETTER_CCFLARE_ANTHROPIC_URL", "ftp://x");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be an absolute http:// or https:// URL");
        env.clear();

        env.put("LB_STRATEGY", "round-robin");
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("lb_strategy").hasMessageContaining("must be one of: session");
    }

    @Test
    void malformed_json_file_stops_with_its_path_and_line() throws IOException {
        Path file = writeConfigFile("{\n  \"port\": 8081,\n  oops\n}");

        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config file " + file + " is not valid JSON")
                .hasMessageContaining("line 3");
    }

    @Test
    void reading_never_writes_the_file() throws IOException {
        Path file = writeConfigFile("{\"port\": 8090}");
        long modified = Files.getLastModifiedTime(file).toMillis();

        load(Map.of());

        assertThat(Files.readString(file)).isEqualTo("{\"port\": 8090}");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(Files.exists(home.resolve("nothing-here.json"))).isFalse();
        env.put("BETTER_CCFLARE_CONFIG_PATH", home.resolve("nothing-here.json").toString());
        load(Map.of());
        assertThat(Files.exists(home.resolve("nothing-here.json"))).isFalse();
    }

    @Test
    void outbound_proxies_and_upstream_timeouts_are_read_as_curl_reads_them() {
        Config.Outbound defaults = load(Map.of()).upstreams().outbound();
        assertThat(defaults).isEqualTo(Config.Outbound.DEFAULTS);

        env.put("https_proxy", "proxy.corp:3128");
        env.put("HTTP_PROXY", "http://proxy.corp/");
        env.put("NO_PROXY", " localhost, .internal ");
        env.put("BETTER_CCFLARE_STREAM_HEADER_TIMEOUT_MS", "5000");
        Config.Outbound outbound = load(Map.of()).upstreams().outbound();

        assertThat(outbound.httpsProxy()).hasToString("http://proxy.corp:3128");
        assertThat(outbound.httpProxy()).hasToString("http://proxy.corp:80");
        assertThat(outbound.noProxy()).isEqualTo("localhost, .internal");
        assertThat(outbound.streamHeaderTimeoutMs()).isEqualTo(5000);
        assertThat(outbound.headerTimeoutMs()).isEqualTo(600_000);
    }

    @Test
    void a_proxy_url_with_credentials_is_refused_without_echoing_them() {
        env.put("HTTPS_PROXY", "http://user:s3cret-pass@proxy.corp:3128");

        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not contain credentials").hasMessageNotContaining("s3cret-pass");
    }
}
