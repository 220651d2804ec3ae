package io.betterccflare.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged product in its own process: {@code java -jar target/better-ccflare.jar --serve} with a test
 * environment, on a free loopback port, its output in a file under the test's temp dir. For tests that must
 * kill a real process ({@code kill -9}) or run several instances without shared memory; they run in the
 * failsafe {@code integration-test} phase, after {@code package} built the jar. {@link #close} kills it if it
 * is still running. Not thread-safe.
 */
public final class LauncherProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "better-ccflare.jar");

    private final Process process;
    private final int port;
    private final Path output;

    private LauncherProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts the jar with {@code env} (PORT replaced by a free port) and waits until {@code /health} answers. */
    public static LauncherProcess start(Map<String, String> env, Path outputDir, String name) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run these tests with ./mvnw verify (after package)");
        }
        int port = freePort();
        Path output = outputDir.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-Dbetter-ccflare.log.dir=" + outputDir.resolve(name + "-logs"), "-jar", JAR.toString(), "--serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        try {
            LauncherProcess launched = new LauncherProcess(builder.start(), port, output);
            launched.awaitHealthy();
            return launched;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no flush; returns once the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process printed, for failure messages. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void awaitHealthy() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("better-ccflare exited with " + process.exitValue() + ": " + output());
                }
                try {
                    return client.send(HttpRequest.newBuilder(uri("/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }
}
