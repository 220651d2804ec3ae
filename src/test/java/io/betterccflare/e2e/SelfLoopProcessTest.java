package io.betterccflare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.TestEnv;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, as the user met it: {@code --add-account loop --mode console --api-key k --endpoint <the proxy>}
 * and one request made 7,800 connections in 10 s, then the process stopped answering and ignored SIGTERM.
 * Here the real launcher's main class runs as its own process: one request gets a 508, the process keeps
 * answering, and SIGTERM stops it. Its log goes to the default place, {@code <data dir>/logs}, owner-only.
 */
class SelfLoopProcessTest {
    private static final Pattern BASE = Pattern.compile("http://[^ ]+:(\\d+)");

    @TempDir
    Path temp;

    private Process server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        http.close();
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void a_self_loop_account_gets_a_508_and_the_process_keeps_answering_and_stops_on_sigterm() throws Exception {
        TestEnv env = new TestEnv(temp).without("BETTER_CCFLARE_LOG_DIR");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String self = "http://127.0.0.1:" + port;
        CliRunner.Result added = new CliRunner(env, Clock.systemUTC())
                .run("--add-account", "loop", "--mode", "console", "--api-key", "k", "--endpoint", self);
        assertThat(added.code()).as(added.err()).isZero();

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.betterccflare.app.Main", "--serve", "--port", Integer.toString(port)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env.env());
        builder.environment().put("PATH", System.getenv("PATH"));
        server = builder.start();
        CompletableFuture<String> announced = CompletableFuture.supplyAsync(() -> firstBase(server));
        assertThat(announced.get(60, TimeUnit.SECONDS)).isEqualTo(Integer.toString(port));

        HttpResponse<String> looped = http.send(HttpRequest.newBuilder(URI.create(self + "/v1/messages"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(looped.statusCode()).isEqualTo(508);
        assertThat(looped.body()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Request loop");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(self + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the process stops on SIGTERM").isTrue();

        Path logs = temp.resolve("config").resolve("better-ccflare").resolve("logs");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve("app.log")))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(logs.resolve("app.log"));
        assertThat(lines).anyMatch(line -> line.contains("sends requests back to this proxy") && line.contains("\"requestId\":"));
    }

    /** Reads the process's output until it names where it serves; returns the port. */
    private static String firstBase(Process process) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher matcher = BASE.matcher(line);
                if (matcher.find()) {
                    // Keep draining the output so the process never blocks on a full pipe.
                    Thread.ofVirtual().start(() -> reader.lines().forEach(ignored -> { }));
                    return matcher.group(1);
                }
            }
            return "no address in the output";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
