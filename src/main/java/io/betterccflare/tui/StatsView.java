package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;

/**
 * Statistics Dashboard ({@code /api/stats}): totals, success rate (green at 95 %, yellow at 80 %, else red),
 * tokens, cost, account performance (bars in chart mode) and recent errors. Auto-refreshes every 5 s.
 */
final class StatsView implements View {
    private final UiContext ui;
    private final Remote<ApiRecords.Stats> stats;
    private volatile boolean charts;

    StatsView(UiContext ui) {
        this.ui = ui;
        this.stats = new Remote<>(ui, "Statistics", () -> ui.api().stats());
    }

    @Override
    public String title() {
        return "Statistics";
    }

    @Override
    public String help() {
        return "r refresh · c " + (charts ? "hide" : "show") + " charts · q/Esc back · refreshes every 5 s";
    }

    @Override
    public void opened() {
        stats.refresh();
    }

    @Override
    public void tick(long nowMs) {
        stats.refreshEvery(5_000, nowMs);
    }

    @Override
    public void render(Canvas canvas) {
        ApiRecords.Stats current = stats.value();
        if (current == null) {
            canvas.text(2, 1, stats.loading() ? "Loading statistics..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        canvas.text(1, 0, "Statistics Dashboard", Style.HEADING);
        canvas.text(24, 0, "Last updated " + Formats.time(stats.loadedAtMs(), ui.zone()), Style.DIM);
        int row = 2;
        canvas.text(1, row++, "Overall", Style.BOLD);
        row = pair(canvas, row, "Total Requests", Formats.tokens(current.totalRequests()), Style.NORMAL);
        row = pair(canvas, row, "Success Rate", current.successRate() + "%", Style.rate(current.successRate(), 95, 80));
        row = pair(canvas, row, "Active Accounts", String.valueOf(current.activeAccounts()), Style.NORMAL);
        row = pair(canvas, row, "Avg Response Time", Formats.duration(current.avgResponseTime()), Style.NORMAL);
        row = pair(canvas, row, "Avg Output Speed", Formats.speed(current.avgTokensPerSecond()), Style.NORMAL);
        row = pair(canvas, row, "Total Tokens", Formats.tokens(current.totalTokens()) + (current.totalRequests() == 0 ? ""
                : "  (avg " + Formats.tokens(current.totalTokens() / current.totalRequests()) + "/request)"), Style.NORMAL);
        row = pair(canvas, row, "Total Cost", Formats.cost(current.totalCostUsd()) + (current.totalRequests() == 0 ? ""
                : "  (avg " + Formats.cost(current.totalCostUsd() / current.totalRequests()) + "/request)"), Style.NORMAL);
        int half = canvas.width() / 2;
        int right = 2;
        canvas.text(half, right++, "Account Performance", Style.BOLD);
        long max = current.accounts().stream().mapToLong(ApiRecords.AccountStat::requestCount).max().orElse(0);
        for (ApiRecords.AccountStat account : current.accounts()) {
            if (right >= 2 + 7) {
                break;
            }
            String label = Formats.pad(account.name(), 12) + " ";
            if (charts) {
                int col = canvas.text(half, right, label);
                col = canvas.text(col, right, Charts.bar(account.requestCount(), max, 12), Style.rate(account.successRate(), 95, 80));
                canvas.text(col + 1, right++, String.valueOf(account.requestCount()));
            } else {
                canvas.text(half, right++, label + account.requestCount() + " requests (" + account.successRate() + "% success)");
            }
        }
        if (current.accounts().isEmpty()) {
            canvas.text(half, right++, "no requests yet", Style.DIM);
        }
        if (!current.byApiKey().isEmpty()) {
            right++;
            canvas.text(half, right++, "By API Key", Style.BOLD);
            for (ApiRecords.KeyUsage key : current.byApiKey().subList(0, Math.min(4, current.byApiKey().size()))) {
                canvas.text(half, right++, Formats.pad(key.apiKeyName(), 12) + " " + key.requests() + " req · "
                        + Formats.tokens(key.totalTokens()) + " tok · " + Formats.cost(key.costUsd()));
            }
        }
        row++;
        canvas.text(1, row++, "Top Models", Style.BOLD);
        for (ApiRecords.TopModel model : current.topModels().subList(0, Math.min(3, current.topModels().size()))) {
            canvas.text(3, row++, Formats.pad(model.model(), 32) + " " + model.count() + " (" + Formats.percent(model.percentage()) + ")");
        }
        row++;
        canvas.text(1, row++, "Recent Errors", Style.BOLD);
        if (current.recentErrors().isEmpty()) {
            canvas.text(3, row, "none", Style.DIM);
        }
        for (String error : current.recentErrors().subList(0, Math.min(5, current.recentErrors().size()))) {
            if (row >= canvas.height()) {
                break;
            }
            canvas.text(3, row++, Formats.fit(error, 60), Style.BAD);
        }
    }

    private static int pair(Canvas canvas, int row, String label, String value, Style style) {
        canvas.text(3, row, Formats.pad(label + ":", 20), Style.DIM);
        canvas.text(23, row, value, style);
        return row + 1;
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        if (Keys.is(key, 'r')) {
            stats.refresh();
        } else if (Keys.is(key, 'c')) {
            charts = !charts;
        }
        return Nav.STAY;
    }
}
