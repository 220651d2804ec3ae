package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Analytics Dashboard ({@code /api/analytics}): a time range chosen with the digits and five views
 * (overview sparklines, tokens, performance, costs, models) drawn with block characters. Auto-refreshes
 * every 30 s. UI thread only, except the background load.
 */
final class AnalyticsView implements View {
    /** A time range: the API's parameter, its label and its length. */
    record Range(String param, String label, long millis) {
    }

    static final List<Range> RANGES = List.of(
            new Range("1h", "Last hour", 3_600_000L),
            new Range("6h", "Last 6 hours", 6 * 3_600_000L),
            new Range("24h", "Last 24 hours", 24 * 3_600_000L),
            new Range("7d", "Last 7 days", 7 * 24 * 3_600_000L),
            new Range("30d", "Last 30 days", 30 * 24 * 3_600_000L));

    /** The views and their keys. */
    enum Mode { OVERVIEW('o'), TOKENS('t'), PERFORMANCE('p'), COSTS('c'), MODELS('d');
        final char key;

        Mode(char key) {
            this.key = key;
        }
    }

    private final UiContext ui;
    private volatile Range range = RANGES.get(2);
    private volatile Mode mode = Mode.OVERVIEW;
    private volatile Remote<ApiRecords.Analytics> analytics;

    AnalyticsView(UiContext ui) {
        this.ui = ui;
        this.analytics = load(range);
    }

    private Remote<ApiRecords.Analytics> load(Range chosen) {
        return new Remote<>(ui, "Analytics", () -> ui.api().analytics(chosen.param()));
    }

    @Override
    public String title() {
        return "Analytics";
    }

    @Override
    public String help() {
        return "1-5 range (1h 6h 24h 7d 30d) · o/t/p/c/d view · m next · r refresh · q back";
    }

    Range range() {
        return range;
    }

    Mode mode() {
        return mode;
    }

    @Override
    public void opened() {
        analytics.refresh();
    }

    @Override
    public void tick(long nowMs) {
        analytics.refreshEvery(30_000, nowMs);
    }

    static long bucketMillis(String bucket) {
        if (bucket == null) {
            return 3_600_000L;
        }
        return switch (bucket) {
            case "1m" -> 60_000L;
            case "5m" -> 300_000L;
            case "15m" -> 900_000L;
            case "30m" -> 1_800_000L;
            case "1d" -> 86_400_000L;
            default -> 3_600_000L;
        };
    }

    /**
     * One value per bucket over the whole window ending at {@code nowMs}, zero where the API returned no bucket
     * (it only returns non-empty ones), oldest first.
     */
    static List<Double> series(ApiRecords.Analytics data, long rangeMs, long nowMs, ToDoubleFunction<ApiRecords.TimePoint> value) {
        long bucket = bucketMillis(data.meta() == null ? null : data.meta().bucket());
        Map<Long, Double> byBucket = new HashMap<>();
        for (ApiRecords.TimePoint point : data.timeSeries()) {
            byBucket.merge(Math.floorDiv(point.ts(), bucket) * bucket, value.applyAsDouble(point), Double::sum);
        }
        long first = Math.floorDiv(nowMs - rangeMs, bucket) * bucket + bucket;
        long last = Math.floorDiv(nowMs, bucket) * bucket;
        List<Double> values = new ArrayList<>();
        for (long ts = first; ts <= last; ts += bucket) {
            values.add(byBucket.getOrDefault(ts, 0.0));
        }
        return values;
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(1, 0, "Analytics Dashboard - " + range.label(), Style.HEADING);
        String view = "View: " + mode.name().toLowerCase(java.util.Locale.ROOT);
        canvas.text(Math.max(40, canvas.width() - view.length() - 1), 0, view, Style.DIM);
        ApiRecords.Analytics data = analytics.value();
        if (data == null) {
            canvas.text(2, 2, analytics.loading() ? "Loading analytics..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        ApiRecords.Totals totals = data.totals();
        canvas.text(1, 1, totals.requests() + " requests · " + Formats.percent(Math.round(totals.successRate() * 10) / 10.0)
                + " success · avg " + Formats.duration(totals.avgResponseTime()) + " · " + Formats.tokens(totals.totalTokens())
                + " tokens · " + Formats.cost(totals.totalCostUsd()), Style.DIM);
        switch (mode) {
            case OVERVIEW -> overview(canvas, data);
            case TOKENS -> tokens(canvas, data);
            case PERFORMANCE -> performance(canvas, data);
            case COSTS -> costs(canvas, data);
            case MODELS -> models(canvas, data);
        }
    }

    private void overview(Canvas canvas, ApiRecords.Analytics data) {
        int width = Math.max(10, canvas.width() - 32);
        int row = 3;
        row = spark(canvas, row, "Requests", data, ApiRecords.TimePoint::requests, Charts.Merge.SUM, width, Formats::compact);
        row = spark(canvas, row, "Tokens", data, ApiRecords.TimePoint::tokens, Charts.Merge.SUM, width, Formats::compact);
        row = spark(canvas, row, "Cost", data, ApiRecords.TimePoint::costUsd, Charts.Merge.SUM, width, Formats::cost);
        row = spark(canvas, row, "Response time", data, ApiRecords.TimePoint::avgResponseTime, Charts.Merge.MEAN, width, Formats::duration);
        row = spark(canvas, row, "Errors %", data, ApiRecords.TimePoint::errorRate, Charts.Merge.MEAN, width, Formats::percent);
        spark(canvas, row, "Cache hit %", data, ApiRecords.TimePoint::cacheHitRate, Charts.Merge.MEAN, width, Formats::percent);
        canvas.text(2, row + 2, "Oldest on the left, now on the right; the value is the latest bucket.", Style.DIM);
    }

    private int spark(Canvas canvas, int row, String label, ApiRecords.Analytics data, ToDoubleFunction<ApiRecords.TimePoint> value,
                      Charts.Merge merge, int width, java.util.function.DoubleFunction<String> format) {
        List<Double> values = Charts.resample(series(data, range.millis(), ui.now(), value), width, merge);
        canvas.text(2, row, Formats.pad(label, 14), Style.BOLD);
        canvas.text(17, row, Charts.sparkline(values), Style.ACCENT);
        double latest = values.isEmpty() ? 0 : values.getLast();
        canvas.text(18 + width, row, format.apply(latest));
        return row + 2;
    }

    private void tokens(Canvas canvas, ApiRecords.Analytics data) {
        ApiRecords.TokenBreakdown tokens = data.tokenBreakdown();
        long total = tokens.inputTokens() + tokens.cacheReadInputTokens() + tokens.cacheCreationInputTokens() + tokens.outputTokens();
        double max = Math.max(Math.max(tokens.inputTokens(), tokens.outputTokens()),
                Math.max(tokens.cacheReadInputTokens(), tokens.cacheCreationInputTokens()));
        int width = Math.max(10, canvas.width() - 50);
        int row = 3;
        canvas.text(2, row++, "Token Usage Breakdown", Style.BOLD);
        row = bar(canvas, row, "Input", tokens.inputTokens(), max, total, width);
        row = bar(canvas, row, "Cache Read", tokens.cacheReadInputTokens(), max, total, width);
        row = bar(canvas, row, "Cache Creation", tokens.cacheCreationInputTokens(), max, total, width);
        row = bar(canvas, row, "Output", tokens.outputTokens(), max, total, width);
        row++;
        long requests = data.totals().requests();
        canvas.text(2, row++, "Avg tokens/request: " + (requests == 0 ? "-" : Formats.tokens(data.totals().totalTokens() / requests)));
        canvas.text(2, row, "Cache hit rate:     " + (tokens.inputTokens() == 0 ? "-"
                : Formats.percent(Math.round(tokens.cacheReadInputTokens() * 1000.0 / tokens.inputTokens()) / 10.0)));
    }

    private static int bar(Canvas canvas, int row, String label, long value, double max, long total, int width) {
        canvas.text(4, row, Formats.pad(label, 15));
        canvas.text(20, row, Charts.bar(value, max, width), Style.ACCENT);
        canvas.text(21 + width, row, Formats.padLeft(Formats.tokens(value), 13) + "  "
                + (total == 0 ? "" : Math.round(value * 100.0 / total) + "%"));
        return row + 1;
    }

    private void performance(Canvas canvas, ApiRecords.Analytics data) {
        int row = 3;
        canvas.text(2, row++, "Requests by account (colour = success rate)", Style.BOLD);
        double max = data.accountPerformance().stream().mapToDouble(ApiRecords.AccountPerformance::requests).max().orElse(0);
        int width = Math.max(10, canvas.width() - 46);
        for (ApiRecords.AccountPerformance account : data.accountPerformance()) {
            if (row >= canvas.height() - 3) {
                break;
            }
            canvas.text(4, row, Formats.pad(account.name(), 16));
            canvas.text(21, row, Charts.bar(account.requests(), max, width), Style.rate(account.successRate(), 95, 80));
            canvas.text(22 + width, row++, account.requests() + " req · " + Formats.percent(Math.round(account.successRate() * 10) / 10.0));
        }
        if (data.accountPerformance().isEmpty()) {
            canvas.text(4, row++, "no requests in this range", Style.DIM);
        }
        row++;
        canvas.text(2, row++, "Success rate: " + Formats.percent(Math.round(data.totals().successRate() * 10) / 10.0),
                Style.rate(data.totals().successRate(), 95, 80));
        canvas.text(2, row++, "Avg response: " + Formats.duration(data.totals().avgResponseTime()));
        canvas.text(2, row, "Avg speed:    " + Formats.speed(data.totals().avgTokensPerSecond()));
    }

    private void costs(Canvas canvas, ApiRecords.Analytics data) {
        int width = Math.max(10, canvas.width() - 20);
        List<Double> values = Charts.resample(series(data, range.millis(), ui.now(), ApiRecords.TimePoint::costUsd), width, Charts.Merge.SUM);
        int row = 3;
        canvas.text(2, row++, "Cost over time", Style.BOLD);
        canvas.text(2, row++, Charts.sparkline(values), Style.ACCENT);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        canvas.text(2, row++, "min " + Formats.cost(min) + " · max " + Formats.cost(max) + " per column", Style.DIM);
        row++;
        double total = data.totals().totalCostUsd();
        long requests = data.totals().requests();
        canvas.text(2, row++, "Total:          " + Formats.cost(total));
        canvas.text(2, row++, "Avg/request:    " + (requests == 0 ? "-" : Formats.cost(total / requests)));
        canvas.text(2, row++, "Projected/day:  " + Formats.cost(total * 24 * 3_600_000.0 / range.millis()));
        row++;
        canvas.text(2, row++, "Cost by model", Style.BOLD);
        for (ApiRecords.ModelCost model : data.costByModel()) {
            if (row >= canvas.height()) {
                break;
            }
            canvas.text(4, row++, Formats.pad(model.model(), 32) + " " + Formats.padLeft(Formats.cost(model.costUsd()), 10)
                    + "  " + model.requests() + " req");
        }
    }

    private void models(Canvas canvas, ApiRecords.Analytics data) {
        int row = 3;
        canvas.text(2, row++, "Model distribution", Style.BOLD);
        long sum = data.modelDistribution().stream().mapToLong(ApiRecords.ModelCount::count).sum();
        long max = data.modelDistribution().stream().mapToLong(ApiRecords.ModelCount::count).max().orElse(0);
        int width = Math.max(10, canvas.width() - 56);
        for (ApiRecords.ModelCount model : data.modelDistribution()) {
            if (row >= canvas.height()) {
                break;
            }
            canvas.text(4, row, Formats.pad(model.model(), 32));
            canvas.text(37, row, Charts.bar(model.count(), max, width), Style.ACCENT);
            canvas.text(38 + width, row++, model.count() + " (" + Formats.percent(Math.round(model.count() * 1000.0 / sum) / 10.0) + ")");
        }
        if (data.modelDistribution().isEmpty()) {
            canvas.text(4, row, "no requests with a model in this range", Style.DIM);
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        int digit = Keys.digit(key);
        if (digit >= 1 && digit <= RANGES.size()) {
            range = RANGES.get(digit - 1);
            analytics = load(range);
            analytics.refresh();
            return Nav.STAY;
        }
        if (Keys.is(key, 'r')) {
            analytics.refresh();
        } else if (Keys.is(key, 'm')) {
            mode = Mode.values()[(mode.ordinal() + 1) % Mode.values().length];
        } else {
            for (Mode candidate : Mode.values()) {
                if (Keys.is(key, candidate.key)) {
                    mode = candidate;
                }
            }
        }
        return Nav.STAY;
    }
}
