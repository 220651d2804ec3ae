package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manage Accounts: the account list with status, rate limit, usage and session; details of the selected
 * account; add, remove (typed confirmation), pause/resume and priority. Auto-refreshes every 5 s.
 * UI thread only, except the background load.
 */
final class AccountsView implements View {
    private static final int FIXED_COLUMNS = 64;

    private final UiContext ui;
    private final Remote<List<ApiRecords.Account>> accounts;
    private final Selection selection = new Selection();

    AccountsView(UiContext ui) {
        this.ui = ui;
        this.accounts = new Remote<>(ui, "Accounts", () -> ui.api().accounts());
    }

    @Override
    public String title() {
        return "Accounts";
    }

    @Override
    public String help() {
        return "↑/↓ select · a add · space pause/resume · Enter priority · d remove · q back";
    }

    @Override
    public void opened() {
        accounts.refresh();
    }

    @Override
    public void tick(long nowMs) {
        accounts.refreshEvery(5_000, nowMs);
    }

    /** The header row for a list {@code width} columns wide. */
    static String header(int width) {
        int name = nameWidth(width);
        return "   " + Formats.pad("NAME", name) + " " + Formats.padLeft("TIER", 4) + " " + Formats.padLeft("PRIO", 4) + " "
                + Formats.pad("STATUS", 7) + " " + Formats.pad("RATE LIMIT", 16) + " " + Formats.pad("USAGE", 9) + " SESSION";
    }

    /** One account as a list row {@code width} columns wide (without the selection marker). */
    static String row(ApiRecords.Account account, int width) {
        int name = nameWidth(width);
        return Formats.pad(account.name(), name) + " " + Formats.padLeft(String.valueOf(account.tier()), 4) + " "
                + Formats.padLeft(String.valueOf(account.priority()), 4) + " " + Formats.pad(account.paused() ? "paused" : "active", 7)
                + " " + Formats.pad(account.rateLimitStatus() == null ? "-" : account.rateLimitStatus(), 16)
                + " " + Formats.pad(usage(account), 9) + " " + (account.sessionInfo() == null ? "-" : account.sessionInfo());
    }

    /** The highest usage window as {@code 5h 45%}, or {@code -}. */
    static String usage(ApiRecords.Account account) {
        if (account.usageUtilization() == null) {
            return "-";
        }
        return windowLabel(account.usageWindow()) + " " + Math.round(account.usageUtilization()) + "%";
    }

    static String windowLabel(String window) {
        if (window == null) {
            return "";
        }
        return switch (window) {
            case "five_hour" -> "5h";
            case "seven_day" -> "7d";
            case "seven_day_oauth_apps" -> "7d-app";
            case "seven_day_opus" -> "7d-opus";
            default -> window;
        };
    }

    private static int nameWidth(int width) {
        return Math.max(8, width - FIXED_COLUMNS);
    }

    @Override
    public void render(Canvas canvas) {
        List<ApiRecords.Account> list = accounts.value();
        if (list == null) {
            canvas.text(2, 1, accounts.loading() ? "Loading accounts..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        selection.resize(list.size());
        canvas.text(1, 0, list.size() + " account(s) configured", Style.HEADING);
        if (list.isEmpty()) {
            canvas.text(2, 2, "No accounts yet. Press a to add one.", Style.DIM);
            return;
        }
        canvas.text(0, 1, header(canvas.width()), Style.DIM);
        int detailRows = 7;
        int visible = Math.max(1, canvas.height() - 2 - detailRows);
        int start = Math.max(0, selection.index() - visible + 1);
        for (int i = start; i < Math.min(list.size(), start + visible); i++) {
            ApiRecords.Account account = list.get(i);
            boolean selected = i == selection.index();
            String line = (selected ? " ▶ " : "   ") + row(account, canvas.width());
            if (selected) {
                canvas.line(2 + i - start, line, Style.SELECTED);
            } else {
                canvas.text(0, 2 + i - start, line, account.paused() ? Style.DIM : Style.NORMAL);
            }
        }
        details(canvas, list.get(selection.index()), 2 + Math.min(visible, list.size()) + 1);
    }

    /** The account's lockout and model-family lockouts with the time left, e.g. {@code 5h 00:59:58 · fable (7d_oi) 1d 23:59:58}. */
    private String lockouts(ApiRecords.Account account) {
        List<String> parts = new java.util.ArrayList<>();
        if (account.rateLimitedUntil() != null) {
            parts.add((account.rateLimitedWindow() == null ? "account" : "account (" + account.rateLimitedWindow() + ")")
                    + " " + left(account.rateLimitedUntil()));
        }
        for (ApiRecords.ModelLockout lockout : account.modelLockouts() == null ? List.<ApiRecords.ModelLockout>of() : account.modelLockouts()) {
            parts.add(lockout.family() + (lockout.window() == null ? "" : " (" + lockout.window() + ")") + " " + left(lockout.until()));
        }
        return String.join(" · ", parts);
    }

    private String left(String iso) {
        try {
            return Formats.uptime(java.time.Duration.ofMillis(java.time.Instant.parse(iso).toEpochMilli() - ui.now()));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private void details(Canvas canvas, ApiRecords.Account account, int row) {
        canvas.text(1, row++, account.name() + " (" + account.provider() + (account.mode() == null ? "" : ", " + account.mode()) + ")", Style.BOLD);
        canvas.text(3, row++, "Token: " + account.tokenStatus() + (account.tokenExpiresAt() == null ? ""
                : " until " + Formats.dateTime(account.tokenExpiresAt(), ui.zone())) + " · Requests: " + account.requestCount()
                + " (lifetime " + account.totalRequests() + ") · Last used: " + Formats.dateTime(account.lastUsed(), ui.zone()));
        String limit = account.rateLimitStatus() == null ? "-" : account.rateLimitStatus();
        if (account.rateLimitRemaining() != null) {
            limit += " · remaining " + account.rateLimitRemaining();
        }
        if (account.rateLimitReset() != null) {
            limit += " · resets " + Formats.dateTime(account.rateLimitReset(), ui.zone());
        }
        canvas.text(3, row++, "Rate limit: " + limit + (account.proxyUrl() == null ? "" : " · Proxy: " + account.proxyUrl()));
        String lockouts = lockouts(account);
        if (!lockouts.isEmpty()) {
            canvas.text(3, row++, "Locked out: " + lockouts, Style.BOLD);
        }
        Map<String, ApiRecords.UsageWindow> usage = account.usageData();
        if (usage == null || usage.values().stream().allMatch(w -> w == null || w.utilization() == null)) {
            canvas.text(3, row, "Usage: -", Style.DIM);
            return;
        }
        for (var entry : usage.entrySet()) {
            ApiRecords.UsageWindow window = entry.getValue();
            if (window == null || window.utilization() == null) {
                continue;
            }
            double value = window.utilization();
            canvas.text(3, row, Formats.pad(windowLabel(entry.getKey()), 8));
            canvas.text(12, row, Charts.bar(value, 100, 20), Style.rate(100 - value, 50, 20));
            canvas.text(33, row++, String.format(Locale.ROOT, "%3d%%", Math.round(value))
                    + (window.resetsAt() == null ? "" : "  resets " + Formats.dateTime(window.resetsAt(), ui.zone())));
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        if (Keys.is(key, 'a')) {
            return Nav.open(new AddAccountView(ui));
        }
        if (Keys.is(key, 'r')) {
            accounts.refresh();
            return Nav.STAY;
        }
        List<ApiRecords.Account> list = accounts.value();
        if (list == null || list.isEmpty()) {
            return Nav.STAY;
        }
        selection.resize(list.size());
        if (key.getKeyType() == KeyType.ArrowUp) {
            selection.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            selection.down();
        } else {
            ApiRecords.Account account = list.get(selection.index());
            if (Keys.is(key, ' ') || Keys.is(key, 'p')) {
                togglePause(account);
            } else if (Keys.enter(key)) {
                return Nav.open(new PriorityView(ui, account));
            } else if (Keys.is(key, 'd') || key.getKeyType() == KeyType.Delete) {
                return Nav.open(ConfirmNameView.removeAccount(ui, account));
            }
        }
        return Nav.STAY;
    }

    private void togglePause(ApiRecords.Account account) {
        try {
            if (account.paused()) {
                ui.api().resume(account.id());
                ui.info("Account '" + account.name() + "' resumed");
            } else {
                ui.api().pause(account.id());
                ui.info("Account '" + account.name() + "' paused");
            }
        } catch (ApiCallException e) {
            ui.error(e.getMessage());
        }
        accounts.refresh();
    }
}
