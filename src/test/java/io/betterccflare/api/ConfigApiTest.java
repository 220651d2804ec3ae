package io.betterccflare.api;

import static io.betterccflare.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/config*} and {@code /api/strategies} through the real server: effective values, changes
 * that apply at once and land in the config file next to the keys already there, and 400s for bad input.
 * These endpoints do not touch the database, so SQLite is enough.
 */
class ConfigApiTest {
    private static final String ORIGINAL = """
            {"client_id":"my-client","unknown_key":{"nested":[1,2]},"data_retention_days":9}""";

    @TempDir
    Path tempDir;

    private App app;
    private ApiClient api;
    private int port;
    private Path configFile;

    @BeforeEach
    void start() throws Exception {
        TestEnv env = new TestEnv(tempDir);
        configFile = env.config().files().configFile();
        Files.createDirectories(configFile.getParent());
        Files.writeString(configFile, ORIGINAL);
        app = App.open(env.config(), Clock.systemUTC());
        port = app.serve().port();
        api = new ApiClient(port);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static void assertReply(ApiClient.Reply reply, int status, String body) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json()).isEqualTo(body == null ? null : json(body));
    }

    @Test
    void reading_reports_the_effective_values_and_never_writes_the_file() throws Exception {
        assertReply(api.get("/api/config"), 200, """
                {"lb_strategy":"session","port":%d,"sessionDurationMs":18000000,"default_agent_model":"claude-sonnet-4-20250514",
                 "data_retention_days":9,"request_retention_days":365}""".formatted(port));
        assertReply(api.get("/api/config/strategy"), 200, "{\"strategy\":\"session\"}");
        assertReply(api.get("/api/strategies"), 200, "[\"session\",\"session-affinity\"]");
        assertReply(api.get("/api/config/model"), 200, "{\"model\":\"claude-sonnet-4-20250514\"}");
        assertReply(api.get("/api/config/retention"), 200, "{\"payloadDays\":9,\"requestDays\":365}");

        assertThat(Files.readString(configFile)).isEqualTo(ORIGINAL);
    }

    @Test
    void changes_apply_at_once_and_are_written_next_to_the_other_keys() throws Exception {
        assertReply(api.post("/api/config/model", "{\"model\":\"claude-opus-4-1-20250805\"}"), 200,
                "{\"success\":true,\"model\":\"claude-opus-4-1-20250805\"}");
        assertReply(api.post("/api/config/strategy", "{\"strategy\":\"session\"}"), 200, "{\"success\":true,\"strategy\":\"session\"}");
        assertReply(api.post("/api/config/retention", "{\"requestDays\":90}"), 204, null);
        assertReply(api.post("/api/config/retention", "{\"payloadDays\":\"3\"}"), 204, null);

        assertReply(api.get("/api/config/model"), 200, "{\"model\":\"claude-opus-4-1-20250805\"}");
        assertReply(api.get("/api/config/retention"), 200, "{\"payloadDays\":3,\"requestDays\":90}");
        assertThat(json(Files.readString(configFile))).isEqualTo(json("""
                {"client_id":"my-client","unknown_key":{"nested":[1,2]},"data_retention_days":3,
                 "default_agent_model":"claude-opus-4-1-20250805","lb_strategy":"session","request_retention_days":90}"""));
        try (var files = Files.list(configFile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void bad_values_are_400_and_change_nothing() throws Exception {
        assertReply(api.post("/api/config/strategy", "{\"strategy\":\"round-robin\"}"), 400, "{\"error\":\"strategy must be one of: session, session-affinity\"}");
        assertReply(api.post("/api/config/strategy", "{}"), 400, "{\"error\":\"strategy is required\"}");
        assertReply(api.post("/api/config/model", "{\"model\":\"\"}"), 400, "{\"error\":\"Model is required\"}");
        assertReply(api.post("/api/config/model", "{}"), 400, "{\"error\":\"Model is required\"}");
        assertReply(api.post("/api/config/model", "{\"model\":5}"), 400, "{\"error\":\"model must be a string\"}");
        assertReply(api.post("/api/config/model", "{\"model\":\"gpt-5\"}"), 400,
                "{\"error\":\"Invalid model: 'gpt-5'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit\"}");
        assertReply(api.post("/api/config/retention", "{}"), 400, "{\"error\":\"No retention fields provided\"}");
        assertReply(api.post("/api/config/retention", "{\"payloadDays\":0}"), 400, "{\"error\":\"payloadDays must be at least 1\"}");
        assertReply(api.post("/api/config/retention", "{\"payloadDays\":366}"), 400, "{\"error\":\"payloadDays must be at most 365\"}");
        assertReply(api.post("/api/config/retention", "{\"requestDays\":3651}"), 400, "{\"error\":\"requestDays must be at most 3650\"}");
        assertReply(api.post("/api/config/retention", "{\"payloadDays\":5,\"requestDays\":0}"), 400,
                "{\"error\":\"requestDays must be at least 1\"}");
        assertReply(api.post("/api/config/retention", "{\"requestDays\":\"many\"}"), 400, "{\"error\":\"requestDays must be an integer\"}");
        assertReply(api.post("/api/config/retention", "nope"), 400, "{\"error\":\"Request body is not valid JSON\"}");

        assertThat(Files.readString(configFile)).isEqualTo(ORIGINAL);
        assertReply(api.get("/api/config/retention"), 200, "{\"payloadDays\":9,\"requestDays\":365}");
    }

    @Test
    void a_config_file_broken_while_running_is_reported_and_left_alone() throws Exception {
        Files.writeString(configFile, "{broken");

        assertReply(api.post("/api/config/model", "{\"model\":\"claude-x\"}"), 500,
                "{\"error\":\"Config file " + configFile + " is not valid JSON; not changing it\"}");
        assertThat(Files.readString(configFile)).isEqualTo("{broken");
        assertReply(api.get("/api/config/model"), 200, "{\"model\":\"claude-sonnet-4-20250514\"}");
    }
}
