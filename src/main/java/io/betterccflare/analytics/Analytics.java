package io.betterccflare.analytics;

import io.betterccflare.store.Database;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the reference's statistics ({@code /api/stats}, {@code --stats}) and analytics
 * ({@code /api/analytics}) documents from {@link AnalyticsStore} groups. Formulas per reference-surface §8.
 * Thread-safe (stateless apart from its collaborators).
 */
public final class Analytics {
    static final String NO_ACCOUNT = "no_account";
    private static final int P95_SAMPLE = 1_000;

    private final AnalyticsStore store;
    private final Clock clock;

    public Analytics(Database database, Clock clock) {
        this.store = new AnalyticsStore(database);
        this.clock = clock;
    }

    /** {@code GET /api/stats}: all rows, no window. */
    public Map<String, Object> stats() {
        List<AnalyticsStore.Cell> cells = store.allTime();
        Map<String, AnalyticsStore.AccountRow> accounts = store.accounts();
        Sums total = sum(cells);
        Map<String, Object> json = totals(total, accounts);
        json.put("topModels", topModels(cells));
        json.put("avgTokensPerSecond", total.avgTokensPerSecond());
        json.put("accounts", accountStats(cells, accounts));
        json.put("recentErrors", store.recentErrors(10));
        json.put("byApiKey", store.byApiKey(0, Filter.NONE));
        return json;
    }

    /** The all-time totals {@code /api/stats} and {@code --stats} share, in the reference's field order. */
    private static Map<String, Object> totals(Sums total, Map<String, AnalyticsStore.AccountRow> accounts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("totalRequests", total.requests);
        json.put("successRate", Math.round(total.successRate()));
        json.put("activeAccounts", accounts.values().stream().filter(account -> account.requestCount() > 0).count());
        json.put("avgResponseTime", Math.round(total.avgResponseTime()));
        json.put("totalTokens", total.splitTokens());
        json.put("totalCostUsd", total.costUsd);
        return json;
    }

    /** {@code --stats}: like {@link #stats()}, accounts from the accounts table, token details, no top models. */
    public Map<String, Object> cliStats() {
        List<AnalyticsStore.Cell> cells = store.allTime();
        Map<String, AnalyticsStore.AccountRow> accounts = store.accounts();
        Sums total = sum(cells);
        Map<String, Object> json = totals(total, accounts);
        json.put("avgTokensPerSecond", total.avgTokensPerSecond());
        if (total.inputTokens > 0 || total.outputTokens > 0) {
            json.put("tokenDetails", tokenBreakdown(total));
        }
        Map<String, Sums> byAccount = group(cells, cell -> cell.account());
        List<Map<String, Object>> rows = new ArrayList<>();
        accounts.values().stream()
                .filter(account -> account.requestCount() > 0)
                .sorted(Comparator.comparingLong(AnalyticsStore.AccountRow::requestCount).reversed()
                        .thenComparing(AnalyticsStore.AccountRow::name))
                .limit(10)
                .forEach(account -> {
                    Sums sums = byAccount.getOrDefault(account.id(), new Sums());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", account.name());
                    row.put("requestCount", account.requestCount());
                    row.put("successRate", Math.round(sums.successRate()));
                    row.put("totalRequests", account.totalRequests());
                    rows.add(row);
                });
        json.put("accounts", rows);
        json.put("recentErrors", store.recentErrors(10));
        return json;
    }

    /** {@code GET /api/analytics}. */
    public Map<String, Object> analytics(AnalyticsQuery query) {
        long since = clock.millis() - query.range().windowMs;
        Map<String, AnalyticsStore.AccountRow> accounts = store.accounts();
        Filter filter = filter(query, accounts);
        List<AnalyticsStore.Cell> cells = store.cells(query.range(), since, filter);
        Sums total = sum(cells);

        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("range", query.rangeLabel());
        meta.put("bucket", query.range().bucket);
        meta.put("cumulative", query.cumulative());
        json.put("meta", meta);

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("requests", total.requests);
        totals.put("successRate", total.successRate());
        totals.put("activeAccounts", cells.stream().map(AnalyticsStore.Cell::account).distinct().count());
        totals.put("avgResponseTime", total.avgResponseTime());
        totals.put("totalTokens", total.totalTokens);
        totals.put("totalCostUsd", total.costUsd);
        Double tps = total.avgTokensPerSecond();
        totals.put("avgTokensPerSecond", tps == null || tps == 0 ? null : tps);
        json.put("totals", totals);

        json.put("timeSeries", timeSeries(cells, query));
        json.put("tokenBreakdown", tokenBreakdown(total));

        Map<String, Sums> byModel = group(cells.stream().filter(cell -> !cell.model().isEmpty()).toList(), AnalyticsStore.Cell::model);
        List<Map.Entry<String, Sums>> byCount = sorted(byModel, sums -> (double) sums.requests);
        List<Map<String, Object>> distribution = new ArrayList<>();
        byCount.stream().limit(10).forEach(entry -> distribution.add(ordered("model", entry.getKey(), "count", entry.getValue().requests)));
        json.put("modelDistribution", distribution);

        json.put("accountPerformance", accountPerformance(cells, accounts));
        json.put("byApiKey", store.byApiKey(since, filter));

        List<Map<String, Object>> costByModel = new ArrayList<>();
        sorted(byModel, sums -> sums.costUsd).stream().filter(entry -> entry.getValue().costUsd > 0).limit(10)
                .forEach(entry -> costByModel.add(ordered("model", entry.getKey(), "costUsd", entry.getValue().costUsd,
                        "requests", entry.getValue().requests, "totalTokens", entry.getValue().totalTokens)));
        json.put("costByModel", costByModel);

        List<Map<String, Object>> performance = new ArrayList<>();
        byCount.stream().limit(10).forEach(entry -> {
            Sums sums = entry.getValue();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", entry.getKey());
            row.put("avgResponseTime", sums.avgResponseTime());
            row.put("p95ResponseTime", p95(entry.getKey(), since, filter, sums));
            row.put("errorRate", sums.errorRate());
            row.put("avgTokensPerSecond", sums.avgTokensPerSecond());
            row.put("minTokensPerSecond", sums.tpsMin);
            row.put("maxTokensPerSecond", sums.tpsMax);
            performance.add(row);
        });
        json.put("modelPerformance", performance);
        return json;
    }

    private double p95(String model, long since, Filter filter, Sums sums) {
        List<Long> sample = new ArrayList<>(store.responseTimes(model, since, filter, P95_SAMPLE));
        if (sample.isEmpty()) {
            return sums.avgResponseTime();
        }
        sample.sort(null);
        return sample.get(Math.min(sample.size() - 1, (int) Math.floor(sample.size() * 0.95)));
    }

    private static Filter filter(AnalyticsQuery query, Map<String, AnalyticsStore.AccountRow> accounts) {
        List<String> ids = null;
        boolean noAccount = false;
        if (query.accounts() != null) {
            ids = new ArrayList<>();
            for (String name : query.accounts()) {
                if (name.equals(NO_ACCOUNT)) {
                    noAccount = true;
                }
                for (AnalyticsStore.AccountRow account : accounts.values()) {
                    if (account.name().equals(name)) {
                        ids.add(account.id());
                    }
                }
            }
        }
        return new Filter(ids, noAccount, query.models(), query.success(), query.agents(), query.apiKeys());
    }

    private static List<Map<String, Object>> timeSeries(List<AnalyticsStore.Cell> cells, AnalyticsQuery query) {
        boolean byModel = query.modelBreakdown();
        TreeMap<Long, Map<String, Sums>> buckets = new TreeMap<>();
        for (AnalyticsStore.Cell cell : cells) {
            if (byModel && cell.model().isEmpty()) {
                continue;
            }
            buckets.computeIfAbsent(cell.bucket(), bucket -> new TreeMap<>())
                    .computeIfAbsent(byModel ? cell.model() : "", model -> new Sums()).add(cell.sums());
        }
        Map<String, double[]> running = new HashMap<>();
        List<Map<String, Object>> series = new ArrayList<>();
        buckets.forEach((bucket, models) -> models.forEach((model, sums) -> {
            long requests = sums.requests;
            double tokens = sums.totalTokens;
            double cost = sums.costUsd;
            if (query.cumulative()) {
                double[] totals = running.computeIfAbsent(model, key -> new double[3]);
                totals[0] += requests;
                totals[1] += tokens;
                totals[2] += cost;
                requests = (long) totals[0];
                tokens = totals[1];
                cost = totals[2];
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("ts", bucket);
            if (byModel) {
                point.put("model", model);
            }
            point.put("requests", requests);
            point.put("tokens", (long) tokens);
            point.put("costUsd", cost);
            point.put("successRate", sums.successRate());
            point.put("errorRate", sums.errorRate());
            point.put("cacheHitRate", sums.cacheHitRate());
            point.put("avgResponseTime", sums.avgResponseTime());
            point.put("avgTokensPerSecond", sums.avgTokensPerSecond());
            series.add(point);
        }));
        return series;
    }

    private static List<Map<String, Object>> accountPerformance(List<AnalyticsStore.Cell> cells,
                                                                Map<String, AnalyticsStore.AccountRow> accounts) {
        Map<String, Sums> byName = group(cells, cell -> accountName(cell.account(), accounts));
        List<Map<String, Object>> rows = new ArrayList<>();
        sorted(byName, sums -> (double) sums.requests).stream().limit(10).forEach(entry ->
                rows.add(ordered("name", entry.getKey(), "requests", entry.getValue().requests,
                        "successRate", entry.getValue().successRate())));
        return rows;
    }

    private static List<Map<String, Object>> accountStats(List<AnalyticsStore.Cell> cells,
                                                          Map<String, AnalyticsStore.AccountRow> accounts) {
        Map<String, Sums> byId = group(cells, cell -> accounts.containsKey(cell.account()) ? cell.account() : "");
        List<Map<String, Object>> rows = new ArrayList<>();
        sorted(byId, sums -> (double) sums.requests).stream().limit(10).forEach(entry -> {
            AnalyticsStore.AccountRow account = accounts.get(entry.getKey());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", account == null ? NO_ACCOUNT : account.name());
            row.put("requestCount", entry.getValue().requests);
            row.put("successRate", Math.round(entry.getValue().successRate()));
            row.put("totalRequests", account == null ? 0 : account.totalRequests());
            rows.add(row);
        });
        return rows;
    }

    private static List<Map<String, Object>> topModels(List<AnalyticsStore.Cell> cells) {
        Map<String, Sums> byModel = group(cells.stream().filter(cell -> !cell.model().isEmpty()).toList(), AnalyticsStore.Cell::model);
        long withModel = byModel.values().stream().mapToLong(sums -> sums.requests).sum();
        List<Map<String, Object>> rows = new ArrayList<>();
        sorted(byModel, sums -> (double) sums.requests).stream().limit(5).forEach(entry -> rows.add(ordered(
                "model", entry.getKey(), "count", entry.getValue().requests,
                "percentage", BigDecimal.valueOf(entry.getValue().requests * 100.0 / withModel)
                        .setScale(2, RoundingMode.HALF_UP).doubleValue())));
        return rows;
    }

    private static Map<String, Object> tokenBreakdown(Sums total) {
        return ordered("inputTokens", total.inputTokens, "cacheReadInputTokens", total.cacheReadInputTokens,
                "cacheCreationInputTokens", total.cacheCreationInputTokens, "outputTokens", total.outputTokens);
    }

    private static String accountName(String id, Map<String, AnalyticsStore.AccountRow> accounts) {
        AnalyticsStore.AccountRow account = accounts.get(id);
        return account == null ? NO_ACCOUNT : account.name();
    }

    private static Sums sum(List<AnalyticsStore.Cell> cells) {
        Sums total = new Sums();
        cells.forEach(cell -> total.add(cell.sums()));
        return total;
    }

    private static Map<String, Sums> group(List<AnalyticsStore.Cell> cells, Function<AnalyticsStore.Cell, String> key) {
        Map<String, Sums> groups = new HashMap<>();
        for (AnalyticsStore.Cell cell : cells) {
            groups.computeIfAbsent(key.apply(cell), k -> new Sums()).add(cell.sums());
        }
        return groups;
    }

    /** Largest first by the measure, then by key for a stable order. */
    private static List<Map.Entry<String, Sums>> sorted(Map<String, Sums> groups, Function<Sums, Double> measure) {
        List<Map.Entry<String, Sums>> entries = new ArrayList<>(groups.entrySet());
        entries.sort(Comparator.<Map.Entry<String, Sums>, Double>comparing(entry -> measure.apply(entry.getValue())).reversed()
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
