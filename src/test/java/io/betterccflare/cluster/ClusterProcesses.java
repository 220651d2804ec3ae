package io.betterccflare.cluster;

import static org.awaitility.Awaitility.await;

import io.betterccflare.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * better-ccflare instances as separate processes ({@code java -jar target/better-ccflare.jar --serve}) on one
 * database, for multi-instance tests: nothing is shared but what the database carries. Each instance gets
 * its own data directory, port 0 (the port is read from its banner) and a log file under
 * {@code target/cluster-logs}. {@link #close} stops every instance still running. Not thread-safe: one test
 * thread starts and stops instances.
 */
final class ClusterProcesses implements AutoCloseable {
    private static final Path JAR = Path.of("target", "better-ccflare.jar");
    /** Generous: a JVM start on a busy 2-core machine has taken over a minute. */
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Pattern PROXY_LINE = Pattern.compile("Proxy:\\s+http://[^:]+:(\\d+)");

    /** One running instance. */
    record Node(String name, Process process, int port, ApiClient api, Path log) {
        String base() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path dir;
    private final Map<String, String> env;
    private final List<Process> launched = new ArrayList<>();

    /** Instances in {@code dir}, each with {@code env} (DATABASE_URL, upstream URLs, ...) added to its own. */
    ClusterProcesses(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
        String stale = "target/better-ccflare.jar is missing or older than target/classes: multi-instance tests run"
                + " after `package` (the integration-test phase of ./mvnw verify)";
        if (System.getenv("CI") != null && !jarIsCurrent()) {
            Assertions.fail(stale + "; CI is set, so this is a failure");
        }
        Assumptions.assumeTrue(jarIsCurrent(), stale);
    }

    private static boolean jarIsCurrent() {
        if (!Files.isRegularFile(JAR)) {
            return false;
        }
        try (Stream<Path> classes = Files.walk(Path.of("target", "classes"))) {
            long jarTime = Files.getLastModifiedTime(JAR).toMillis();
            return classes.filter(Files::isRegularFile).allMatch(file -> modified(file) <= jarTime);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts instances together (as a deployment would) and returns once every one answers. */
    List<Node> start(String... names) {
        List<Process> processes = new ArrayList<>();
        for (String name : names) {
            Process process = launch(name);
            launched.add(process);
            processes.add(process);
        }
        List<Node> started = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            started.add(ready(names[i], processes.get(i)));
        }
        return started;
    }

    private Process launch(String name) {
        Path home = dir.resolve(name);
        Path log = log(name);
        try {
            Files.createDirectories(home);
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElseThrow();
            ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                    "-Xmx256m", "-Dbetter-ccflare.log.dir=" + home.resolve("logs"),
                    "-Dbetter-ccflare.cache.dir=" + home.resolve("cache"), "-jar", JAR.toString(), "--serve");
            Map<String, String> variables = builder.environment();
            variables.keySet().removeIf(key -> key.startsWith("BETTER_CCFLARE_") || key.equals("DATABASE_URL"));
            Map<String, String> own = new HashMap<>(env);
            own.put("XDG_CONFIG_HOME", home.resolve("config").toString());
            own.put("PORT", "0");
            own.put("CF_PRICING_OFFLINE", "1");
            variables.putAll(own);
            builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start instance " + name, e);
        }
    }

    private Path log(String name) {
        return Path.of("target", "cluster-logs", dir.getFileName() + "-" + name + ".log").toAbsolutePath();
    }

    private Node ready(String name, Process process) {
        Path log = log(name);
        int port = await("instance " + name + " prints its port (log " + log + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("instance " + name + " exited with " + process.exitValue() + ":\n"
                                + Files.readString(log));
                    }
                    Matcher matcher = PROXY_LINE.matcher(Files.readString(log));
                    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
                }, value -> value > 0);
        ApiClient api = new ApiClient(port);
        await("instance " + name + " answers /health").atMost(STARTUP)
                .until(() -> api.get("/health").status() == 200);
        return new Node(name, process, port, api, log);
    }

    /** {@code kill -9}: the process dies at once, with no shutdown hook. */
    void kill(Node node) {
        node.process().destroyForcibly();
        try {
            node.process().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process process : launched) {
            process.destroy();
        }
        for (Process process : launched) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
