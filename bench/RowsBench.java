import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 12 part 5 re-measured: does the request log lose rows? Runs the packaged product (through the
 * {@code ./better-ccflare} launcher, so with its JVM flags) against bench/FakeUpstream.java on SQLite, as
 * separate processes, through five faults: {@code kill -9} under load, {@code kill -9} right after a cold start,
 * 600 streams ending together, another process holding the SQLite write lock for 20 s, and the disk full
 * (a small tmpfs, when a directory for it is given). For each it prints what the clients saw, the rows by
 * state and what {@code /health} reports, as Markdown.
 *
 * <p>Run by bench/rows.sh: {@code java -cp 'target/lib/*' bench/RowsBench.java <launcher> <upstream-url>
 * <work-dir> <first-port> [<tmpfs-dir>]}. Every process it starts is killed before it returns.
 */
public final class RowsBench {
    private static final String STREAM = "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String JSON = "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final String launcher;
    private final String upstream;
    private final Path work;
    private int nextPort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RowsBench(String launcher, String upstream, Path work, int firstPort) {
        this.launcher = launcher;
        this.upstream = upstream;
        this.work = work;
        this.nextPort = firstPort;
    }

    public static void main(String[] args) throws Exception {
        RowsBench bench = new RowsBench(args[0], args[1], Path.of(args[2]), Integer.parseInt(args[3]));
        System.out.println("| fault | clients | rows by state | /health | lost |");
        System.out.println("|---|---|---|---|---|");
        bench.killUnderLoad();
        bench.killAfterColdStart();
        bench.simultaneousStreamEnds();
        bench.sqliteLock();
        if (args.length > 4) {
            bench.diskFull(Path.of(args[4]));
        } else {
            System.out.println("| disk full | not run: no tmpfs directory given (mount needs root) | | | |");
        }
    }

    /** A proxy process with its own data directory. */
    private final class Proxy implements AutoCloseable {
        final Path dataDir;
        final Path db;
        final int port;
        Process process;

        Proxy(Path dataDir) throws Exception {
            this.dataDir = dataDir;
            this.db = dataDir.resolve("better-ccflare").resolve("better-ccflare.db");
            this.port = nextPort++;
            start();
        }

        void start() throws Exception {
            ProcessBuilder builder = new ProcessBuilder(launcher, "--serve").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
            builder.environment().put("XDG_CONFIG_HOME", dataDir.toString());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("BETTER_CCFLARE_ANTHROPIC_URL", upstream);
            builder.environment().put("CF_PRICING_OFFLINE", "1");
            process = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("proxy exited: " + Files.readString(dataDir.resolveSibling(dataDir.getFileName() + ".log")));
                }
                try {
                    if (get("/health").statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("proxy did not start within 60 s");
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        void addAccount() throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/accounts/console"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\",\"apiKey\":\"sk-ant-api03-bench-key\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("adding the account failed: " + response.body());
            }
        }

        /** One request; true when it got a 200 and its whole body. Counts response headers in {@code headers}. */
        boolean request(boolean stream, int events, int delayMs, AtomicInteger headers) {
            HttpRequest request = HttpRequest.newBuilder(uri("/v1/messages"))
                    .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                    .header("x-bench-events", Integer.toString(events)).header("x-bench-delay-ms", Integer.toString(delayMs))
                    .POST(HttpRequest.BodyPublishers.ofString(stream ? STREAM : JSON)).build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                headers.incrementAndGet();
                try (InputStream body = response.body()) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Waits until the writers have nothing queued; returns /health's body. */
        String drained() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String body = "";
            while (System.nanoTime() < deadline) {
                body = get("/health").body();
                if (number(body, "\"requestLog\":\\{\"rows\":\\{[^}]*\"queued\":(\\d+)") == 0
                        && number(body, "\"accountUpdates\":\\{[^}]*\"queued\":(\\d+)") == 0) {
                    return body;
                }
                Thread.sleep(200);
            }
            return body;
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill9();
                }
            }
        }
    }

    private void killUnderLoad() throws Exception {
        try (Proxy proxy = new Proxy(work.resolve("kill-load"))) {
            proxy.addAccount();
            AtomicInteger headers = new AtomicInteger();
            AtomicBoolean load = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (load.get()) {
                        proxy.request(true, 20, 50, headers);
                    }
                }));
            }
            Thread.sleep(5_000);
            proxy.kill9();
            load.set(false);
            for (Thread client : clients) {
                client.join();
            }
            restartAndReport(proxy, "`kill -9` after 5 s of 32 concurrent streams", headers.get());
        }
    }

    /** Starts the killed proxy again (which marks what it left pending) and reports the rows before and after. */
    private void restartAndReport(Proxy proxy, String fault, int headers) throws Exception {
        Map<String, Long> beforeRestart = states(proxy.db);
        proxy.start();
        Map<String, Long> after = states(proxy.db);
        long rows = after.values().stream().mapToLong(Long::longValue).sum();
        row(fault, headers + " requests got response headers",
                "before restart " + beforeRestart + "; after restart " + after, "", lost(headers, rows, after));
    }

    private void killAfterColdStart() throws Exception {
        try (Proxy proxy = new Proxy(work.resolve("kill-cold"))) {
            AtomicInteger headers = new AtomicInteger();
            List<CompletableFuture<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> proxy.request(true, 20, 100, headers),
                        command -> Thread.ofVirtual().start(command)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (headers.get() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            proxy.kill9();
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            restartAndReport(proxy, "`kill -9` right after a cold start, 12 streams in flight", headers.get());
        }
    }

    private void simultaneousStreamEnds() throws Exception {
        try (Proxy proxy = new Proxy(work.resolve("600-ends"))) {
            proxy.addAccount();
            AtomicInteger headers = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    if (proxy.request(true, 10, 400, headers)) {
                        ok.incrementAndGet();
                    }
                }));
            }
            for (Thread client : clients) {
                client.join();
            }
            String health = proxy.drained();
            Map<String, Long> states = states(proxy.db);
            long rows = states.values().stream().mapToLong(Long::longValue).sum();
            row("600 streams ending together (10 events, 400 ms apart)", ok.get() + " of 600 complete 200s; "
                            + headers.get() + " got response headers, " + (600 - headers.get()) + " never got an answer",
                    states.toString(), summary(health), lost(headers.get(), rows, states));
        }
    }

    private void sqliteLock() throws Exception {
        try (Proxy proxy = new Proxy(work.resolve("lock"))) {
            proxy.addAccount();
            Counts counts = steadyLoad(proxy, 30_000, () -> {
                try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + proxy.db);
                     Statement statement = lock.createStatement()) {
                    statement.execute("BEGIN IMMEDIATE");
                    Thread.sleep(20_000);
                    statement.execute("ROLLBACK");
                }
            });
            reportSteady(proxy, "SQLite write lock held 20 s by another process (4 clients, 30 s)", counts);
        }
    }

    /** Once the writers drained: rows and account counters against the 200s the clients got. */
    private static void reportSteady(Proxy proxy, String fault, Counts counts) throws Exception {
        String health = proxy.drained();
        Map<String, Long> states = states(proxy.db);
        long rows = states.values().stream().mapToLong(Long::longValue).sum();
        long served = accountRequests(proxy.db);
        row(fault, counts.ok + " 200s, " + counts.failed + " errors",
                states + "; account request_count " + served, during(counts) + summary(health),
                lost(counts.ok, rows, states) + "; account counters " + (counts.ok - served) + " missing");
    }

    private static String during(Counts counts) {
        return "during the fault: `degraded` in " + counts.degradedSeen + " polls (every 0.5 s), up to "
                + counts.maxQueued + " rows queued; after: ";
    }

    private void diskFull(Path tmpfs) throws Exception {
        try (Proxy proxy = new Proxy(tmpfs.resolve("full"))) {
            proxy.addAccount();
            Path filler = tmpfs.resolve("filler");
            Counts counts = steadyLoad(proxy, 30_000, () -> {
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[64 * 1024];
                    while (true) {
                        out.write(block);
                    }
                } catch (IOException full) {
                    // the disk is full now
                }
                Thread.sleep(20_000);
                Files.delete(filler);
            });
            reportSteady(proxy, "disk full for 20 s (data dir on a 16 MB tmpfs, 4 clients, 30 s)", counts);
        }
    }

    private record Counts(int ok, int failed, int degradedSeen, long maxQueued) {
    }

    @FunctionalInterface
    private interface Fault {
        void run() throws Exception;
    }

    /** 4 clients sending non-streaming requests for {@code ms}; the fault starts after 5 s. */
    private Counts steadyLoad(Proxy proxy, long ms, Fault fault) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger headers = new AtomicInteger();
        AtomicBoolean load = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (load.get()) {
                    if (proxy.request(false, 5, 20, headers)) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        AtomicInteger degradedSeen = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong maxQueued = new java.util.concurrent.atomic.AtomicLong();
        clients.add(Thread.ofVirtual().start(() -> {
            while (load.get()) {
                try {
                    String health = proxy.get("/health").body();
                    if (health.contains("\"status\":\"degraded\"")) {
                        degradedSeen.incrementAndGet();
                    }
                    maxQueued.accumulateAndGet(number(health, "\"requestLog\":\\{\"rows\":\\{[^}]*\"queued\":(\\d+)"), Math::max);
                    Thread.sleep(500);
                } catch (Exception e) {
                    return;
                }
            }
        }));
        Thread.sleep(5_000);
        long started = System.nanoTime();
        fault.run();
        Thread.sleep(Math.max(0, ms - 5_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        load.set(false);
        for (Thread client : clients) {
            client.join();
        }
        return new Counts(ok.get(), failed.get(), degradedSeen.get(), maxQueued.get());
    }

    private static Map<String, Long> states(Path db) throws Exception {
        Map<String, Long> states = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 30000");
            try (ResultSet rows = statement.executeQuery("SELECT state, COUNT(*) FROM requests GROUP BY state")) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return states;
    }

    private static long accountRequests(Path db) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 30000");
            try (ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(request_count), 0) FROM accounts")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String lost(long expected, long rows, Map<String, Long> states) {
        long missing = Math.max(0, expected - rows);
        return missing + " of " + expected + " rows missing" + (states.containsKey("pending") ? ", " + states.get("pending") + " still pending" : "");
    }

    private static String summary(String health) {
        return "status " + text(health, "\"status\":\"(\\w+)\"") + ", request log lost " + number(health, "\"requestLog\":\\{\"rows\":\\{[^}]*\"lost\":(\\d+)")
                + ", failed attempts " + number(health, "\"requestLog\":\\{\"rows\":\\{[^}]*\"failedAttempts\":(\\d+)")
                + ", account updates lost " + number(health, "\"accountUpdates\":\\{[^}]*\"lost\":(\\d+)")
                + ", failed attempts " + number(health, "\"accountUpdates\":\\{[^}]*\"failedAttempts\":(\\d+)");
    }

    private static long number(String json, String regex) {
        String value = text(json, regex);
        return value == null ? -1 : Long.parseLong(value);
    }

    private static String text(String json, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static void row(String fault, String clients, String rows, String health, String lost) {
        System.out.println("| " + fault + " | " + clients + " | " + rows + " | " + health + " | " + lost + " |");
        System.out.flush();
    }
}
