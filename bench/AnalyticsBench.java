import io.betterccflare.app.App;
import io.betterccflare.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Analytics scale benchmark (not part of the test suite). Generates N request rows (default 1,000,000)
 * spread over 30 days, 6 accounts and 6 models in a fresh SQLite database (the hourly roll-ups are built
 * with the same SQL as migration V30), starts the real app on a free port, and times /api/stats and
 * /api/analytics for every range and mode over HTTP. Run from the repository root:
 *
 *   ./mvnw -q -DskipTests package
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "target/classes:target/lib/*" bench/AnalyticsBench.java [rows]
 */
public class AnalyticsBench {
    static final String[] MODELS = {"claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001",
            "claude-sonnet-4-20250514", "glm-4.6", "claude-3-5-haiku-20241022"};
    static final double[] MODEL_WEIGHT = {0.45, 0.1, 0.25, 0.1, 0.06, 0.04};
    static final int ACCOUNTS = 6;
    static final int WARMUP = 5;
    static final int RUNS = 20;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path home = Files.createTempDirectory("bcf-analytics-bench");
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("PORT", "0");
        env.put("CF_PRICING_OFFLINE", "1");
        var config = new ConfigLoader(env, "Linux", home.toString()).load(Map.of());
        long now = System.currentTimeMillis();
        Clock clock = Clock.systemUTC();

        // Create the schema through the app, then bulk-load rows with plain JDBC.
        List<String> accountIds = new ArrayList<>();
        try (App app = App.open(config, clock)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                accountIds.add(app.accounts().addKeyAccount(new io.betterccflare.accounts.AccountService.NewKeyAccount(
                        "account-" + i, io.betterccflare.accounts.AccountMode.CONSOLE, "sk-ant-api03-bench-" + i, 1, i, null)).id());
            }
        }
        long loadStart = System.nanoTime();
        load(config.storage().sqlitePath(), rows, now, accountIds);
        System.out.printf("Loaded %,d rows (+ roll-ups) in %.1f s into %s (%.0f MB)%n", rows, (System.nanoTime() - loadStart) / 1e9,
                config.storage().sqlitePath(), Files.size(config.storage().sqlitePath()) / 1e6);

        try (App app = App.open(config, clock); HttpClient client = HttpClient.newHttpClient()) {
            int port = app.serve().port();
            List<String> paths = new ArrayList<>();
            paths.add("/api/stats");
            for (String range : new String[] {"1h", "6h", "24h", "7d", "30d"}) {
                for (String mode : new String[] {"normal", "cumulative"}) {
                    paths.add("/api/analytics?range=" + range + "&mode=" + mode);
                }
                paths.add("/api/analytics?range=" + range + "&modelBreakdown=true");
                paths.add("/api/analytics?range=" + range + "&accounts=account-1,account-2&models=" + MODELS[0] + "&status=success");
            }
            System.out.println();
            System.out.println("| request | median ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|");
            for (String path : paths) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
                double[] times = new double[RUNS];
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
                    }
                    if (i >= WARMUP) {
                        times[i - WARMUP] = ms;
                    }
                }
                Arrays.sort(times);
                System.out.printf("| `%s` | %.1f | %.1f | %.1f |%n", path, times[RUNS / 2], times[(int) (RUNS * 0.95) - 1], times[RUNS - 1]);
            }
        }
    }

    static void load(Path database, int rows, long now, List<String> accountIds) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=OFF");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, error_message,
                        response_time_ms, failover_attempts, model, prompt_tokens, completion_tokens, total_tokens, cost_usd,
                        output_tokens_per_second, input_tokens, cache_read_input_tokens, cache_creation_input_tokens,
                        output_tokens, is_stream)
                    VALUES (?, ?, 'POST', '/v1/messages', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""")) {
                long window = 30L * 24 * 3_600_000;
                for (int i = 0; i < rows; i++) {
                    long timestamp = now - (long) (random.nextDouble() * window);
                    boolean success = random.nextDouble() > 0.04;
                    String model = MODELS[pick(random)];
                    long input = 1 + random.nextInt(5_000);
                    long cacheRead = random.nextInt(50_000);
                    long cacheCreation = random.nextInt(4) == 0 ? random.nextInt(20_000) : 0;
                    long output = success ? 1 + random.nextInt(4_000) : 0;
                    long responseTime = 300 + random.nextInt(60_000);
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setLong(2, timestamp);
                    insert.setString(3, random.nextInt(50) == 0 ? null : accountIds.get(random.nextInt(accountIds.size())));
                    insert.setInt(4, success ? 200 : (random.nextBoolean() ? 529 : 500));
                    insert.setBoolean(5, success);
                    insert.setString(6, success ? null : "overloaded_error: Overloaded");
                    insert.setLong(7, responseTime);
                    insert.setString(8, model);
                    insert.setLong(9, input + cacheRead + cacheCreation);
                    insert.setObject(10, output == 0 ? null : output);
                    insert.setLong(11, input + cacheRead + cacheCreation + output);
                    insert.setDouble(12, (input * 3 + output * 15 + cacheRead * 0.3 + cacheCreation * 3.75) / 1e6);
                    insert.setObject(13, output == 0 ? null : output * 1000.0 / responseTime);
                    insert.setLong(14, input);
                    insert.setObject(15, cacheRead == 0 ? null : cacheRead);
                    insert.setObject(16, cacheCreation == 0 ? null : cacheCreation);
                    insert.setObject(17, output == 0 ? null : output);
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM request_rollups");
                statement.execute(Files.readString(Path.of("src/main/resources/db/migration/sqlite/V30__request_rollups.sql"))
                        .split("INSERT INTO request_rollups")[1].split(";")[0].transform(sql -> "INSERT INTO request_rollups" + sql));
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
    }

    static int pick(SplittableRandom random) {
        double r = random.nextDouble();
        for (int i = 0; i < MODEL_WEIGHT.length; i++) {
            r -= MODEL_WEIGHT[i];
            if (r <= 0) {
                return i;
            }
        }
        return 0;
    }
}
