package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version, --serve with /health, and the failures that are not about accounts. */
class CliGeneralTest {
    @TempDir
    Path tempDir;

    private CliRunner cli(TestEnv env) {
        return new CliRunner(env, Clock.systemUTC());
    }

    @Test
    void help_lists_every_flag_and_exits_zero() {
        CliRunner.Result help = cli(new TestEnv(tempDir)).run("--help");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--serve", "--port", "--host", "--list", "--add-account", "--mode", "--tier", "--priority",
                "--api-key", "--endpoint", "--remove", "--force", "--pause", "--resume", "--set-priority", "--version",
                "ANTHROPIC_BASE_URL=http://localhost:8080");
        assertThat(cli(new TestEnv(tempDir)).run("-h").out()).isEqualTo(help.out());
    }

    @Test
    void version_prints_the_product_version() {
        CliRunner.Result version = cli(new TestEnv(tempDir)).run("--version");

        assertThat(version.code()).isZero();
        assertThat(version.out()).matches("better-ccflare \\S+\\R");
    }

    @Test
    void serve_answers_health_with_the_stored_account_count_and_stops_on_the_signal() throws Exception {
        TestEnv env = new TestEnv(tempDir);
        CliRunner runner = cli(env);
        runner.run("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789");
        runner.run("--add-account", "b", "--mode", "zai", "--api-key", "zai-0123456789abcdef");
        runner.run("--pause", "b");

        var out = new ByteArrayOutputStream();
        var shutdown = new CountDownLatch(1);
        CliIo io = runner.io(new ScriptedTerminal(false), shutdown, out, new ByteArrayOutputStream());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new Cli(io).run("--serve", "--port", "0"));

        Pattern proxyLine = Pattern.compile("Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)");
        await().atMost(Duration.ofSeconds(20)).until(() -> proxyLine.matcher(out.toString(StandardCharsets.UTF_8)).find());
        Matcher matcher = proxyLine.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).isTrue();
        int port = Integer.parseInt(matcher.group(1));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("accounts").asInt()).isEqualTo(2);
        assertThat(body.get("strategy").asText()).isEqualTo("session");
        assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        shutdown.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Ready to proxy requests", "Shutting down...");
    }

    @Test
    void serve_on_a_port_in_use_fails_with_one_line() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRunner.Result result = cli(new TestEnv(tempDir)).run("--serve", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("Error: Port " + taken.getLocalPort()
                    + " on 127.0.0.1 is already in use (choose another with --port or PORT)" + System.lineSeparator());
        }
    }

    @Test
    void a_file_that_is_not_a_database_is_refused_and_left_untouched() throws Exception {
        Path db = tempDir.resolve("not-a.db");
        Files.writeString(db, "this is not a database, but a very important text file".repeat(100));
        byte[] before = Files.readAllBytes(db);

        CliRunner.Result result = cli(new TestEnv(tempDir).with("BETTER_CCFLARE_DB_PATH", db.toString())).run("--list");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error: Cannot open database " + db + ": ").contains("not a database");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void a_locked_database_is_reported_in_one_line() throws Exception {
        TestEnv env = new TestEnv(tempDir);
        cli(env).run("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789");
        Path configFile = tempDir.resolve("config/better-ccflare/better-ccflare.json");
        Files.writeString(configFile, "{\"db_busy_timeout_ms\": 100}");
        Path db = tempDir.resolve("config/better-ccflare/better-ccflare.db");

        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = holder.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 100");
            statement.execute("BEGIN EXCLUSIVE");
            CliRunner.Result result = cli(env).run("--add-account", "b", "--mode", "console", "--api-key", "sk-ant-api03-other-0123456789");
            statement.execute("ROLLBACK");

            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err()).startsWith("Error: ").containsIgnoringCase("locked");
            assertThat(result.err().lines()).hasSize(1);
        }
        assertThat(cli(env).run("--list").out()).contains("a ").doesNotContain("sk-ant-api03-other");
    }

    @Test
    void no_flags_without_a_terminal_runs_the_server() throws Exception {
        var out = new ByteArrayOutputStream();
        var shutdown = new CountDownLatch(1);
        CliIo io = cli(new TestEnv(tempDir)).io(new ScriptedTerminal(false), shutdown, out, new ByteArrayOutputStream());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new Cli(io).run());

        Pattern proxyLine = Pattern.compile("Proxy:\\s+http://127\\.0\\.0\\.1:(\\d+)");
        await().atMost(Duration.ofSeconds(20)).until(() -> proxyLine.matcher(out.toString(StandardCharsets.UTF_8)).find());
        Matcher matcher = proxyLine.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).isTrue();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + matcher.group(1) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        shutdown.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }
}
