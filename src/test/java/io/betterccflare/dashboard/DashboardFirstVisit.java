package io.betterccflare.dashboard;

import io.betterccflare.app.App;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.openqa.selenium.By;

/**
 * Benchmark (not a test): stores N request rows, then measures first visits to /dashboard in a fresh headless
 * Chromium each time (empty cache) with Navigation Timing, paint timing and the dashboard's own
 * "overview-data" mark (KPIs and charts rendered with data). Run by bench/dashboard-first-visit.sh.
 */
public final class DashboardFirstVisit {
    private static final String[] MODELS = {"claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-3-5-haiku-20241022"};
    private static final String TIMING = """
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            const data = performance.getEntriesByName('overview-data')[0];
            return [nav.responseEnd, nav.domContentLoadedEventEnd, nav.loadEventEnd, fcp ? fcp.startTime : -1, data ? data.startTime : -1];
            """;

    private DashboardFirstVisit() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int visits = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path home = Files.createTempDirectory("bcf-dashboard-bench");
        Clock clock = Clock.systemUTC();
        try (App app = App.open(new TestEnv(home).config(), clock)) {
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                app.accounts().addKeyAccount(new io.betterccflare.accounts.AccountService.NewKeyAccount(
                        "bench-" + i, io.betterccflare.accounts.AccountMode.ZAI, "bench-key-" + i, 1, i, null));
                accounts.add(app.accounts().find("bench-" + i).id());
            }
            insert(app, rows, accounts, clock.millis());
            String url = "http://127.0.0.1:" + app.serve().port() + "/dashboard";
            double[][] results = new double[visits][];
            for (int v = 0; v < visits; v++) {
                try (Browser browser = new Browser(1366, 900)) {
                    browser.open(url);
                    browser.await(By.cssSelector("[data-kpi='Total Requests']"));
                    browser.until(d -> ((Number) ((List<?>) browser.script(TIMING)).get(4)).doubleValue() >= 0
                            && ((Number) ((List<?>) browser.script(TIMING)).get(2)).doubleValue() > 0);
                    List<?> timing = (List<?>) browser.script(TIMING);
                    results[v] = timing.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
                    System.out.printf("visit %d: responseEnd %.0f ms, DOMContentLoaded %.0f ms, load %.0f ms, first paint %.0f ms, data rendered %.0f ms%n",
                            v + 1, results[v][0], results[v][1], results[v][2], results[v][3], results[v][4]);
                }
            }
            String[] names = {"responseEnd", "DOMContentLoaded", "load", "first-contentful-paint", "overview data rendered"};
            for (int i = 0; i < names.length; i++) {
                int column = i;
                double[] values = Arrays.stream(results).mapToDouble(r -> r[column]).sorted().toArray();
                System.out.printf("RESULT %s: median %.0f ms, max %.0f ms%n", names[i], values[values.length / 2], values[values.length - 1]);
            }
        }
    }

    private static void insert(App app, int rows, List<String> accounts, long now) {
        Random random = new Random(42);
        app.database().jdbi().useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("""
                    INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, error_message,
                      response_time_ms, failover_attempts, model, prompt_tokens, completion_tokens, total_tokens, cost_usd,
                      output_tokens_per_second, input_tokens, cache_read_input_tokens, cache_creation_input_tokens, output_tokens)
                    VALUES (:id, :ts, 'POST', '/v1/messages', :account, :status, :success, :error, :time, 0, :model, :prompt,
                      :output, :total, :cost, :speed, :input, :read, :write, :output)""");
            for (int i = 0; i < rows; i++) {
                boolean ok = random.nextInt(100) < 96;
                int input = 50 + random.nextInt(2000);
                int read = random.nextInt(40_000);
                int write = random.nextInt(4_000);
                int output = 20 + random.nextInt(1500);
                int time = 300 + random.nextInt(9000);
                batch.bindMap(Map.ofEntries(
                        Map.entry("id", UUID.randomUUID().toString()),
                        Map.entry("ts", now - (long) (random.nextDouble() * 86_400_000L)),
                        Map.entry("account", accounts.get(random.nextInt(accounts.size()))),
                        Map.entry("status", ok ? 200 : 529),
                        Map.entry("success", ok),
                        Map.entry("error", ok ? "" : "Overloaded"),
                        Map.entry("time", time),
                        Map.entry("model", MODELS[random.nextInt(MODELS.length)]),
                        Map.entry("prompt", input + read + write),
                        Map.entry("output", output),
                        Map.entry("total", input + read + write + output),
                        Map.entry("cost", (input * 3 + output * 15 + read * 0.3 + write * 3.75) / 1_000_000),
                        Map.entry("speed", output * 1000.0 / time),
                        Map.entry("input", input),
                        Map.entry("read", read),
                        Map.entry("write", write)));
                batch.add();
            }
            batch.execute();
        });
    }
}
