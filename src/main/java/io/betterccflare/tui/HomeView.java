package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.function.Function;

/** The home menu: one entry per screen plus Exit, and a one-line server summary. UI thread only. */
final class HomeView implements View {
    /** A menu entry and the screen it opens (null for Exit). */
    record Entry(String label, String description, Function<UiContext, View> screen) {
    }

    static final List<Entry> ENTRIES = List.of(
            new Entry("Server", "address, uptime, dashboard", ServerView::new),
            new Entry("Manage Accounts", "add, remove, pause, priority", AccountsView::new),
            new Entry("View Statistics", "totals, tokens, cost, errors", StatsView::new),
            new Entry("Analytics Dashboard", "charts by time range", AnalyticsView::new),
            new Entry("View Requests", "live request list and details", RequestsView::new),
            new Entry("View Logs", "live log tail", LogsView::new),
            new Entry("Load Balancer", "strategy", StrategyView::new),
            new Entry("Agents", "agents and the model their requests use", AgentsView::new),
            new Entry("API Keys", "generate, list, revoke", ApiKeysView::new),
            new Entry("Exit", "stop the server and quit", null));

    private final UiContext ui;
    private final Selection selection = new Selection();
    private final Remote<ApiRecords.Health> health;

    HomeView(UiContext ui) {
        this.ui = ui;
        this.health = new Remote<>(ui, "Health", () -> ui.api().health());
        selection.resize(ENTRIES.size());
    }

    @Override
    public String title() {
        return "Home";
    }

    @Override
    public String help() {
        return "↑/↓ move · Enter open · q quit (stops the server)";
    }

    @Override
    public void opened() {
        health.refresh();
    }

    @Override
    public void tick(long nowMs) {
        health.refreshEvery(5_000, nowMs);
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(2, 1, "better-ccflare TUI", Style.HEADING);
        ApiRecords.Health current = health.value();
        String summary = current == null ? "Server: " + ui.server().publicUrl()
                : "Server: " + ui.server().publicUrl() + " · " + current.accounts() + " account(s) · strategy " + current.strategy();
        canvas.text(2, 2, summary, Style.DIM);
        for (int i = 0; i < ENTRIES.size(); i++) {
            Entry entry = ENTRIES.get(i);
            boolean selected = i == selection.index();
            String label = (selected ? " ▶ " : "   ") + Formats.pad(entry.label(), 22) + entry.description();
            canvas.text(2, 4 + i, Formats.pad(label, Math.max(0, canvas.width() - 4)), selected ? Style.SELECTED : Style.NORMAL);
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.ArrowUp) {
            selection.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            selection.down();
        } else if (Keys.enter(key)) {
            Entry entry = ENTRIES.get(selection.index());
            return entry.screen() == null ? Nav.QUIT : Nav.open(entry.screen().apply(ui));
        } else if (Keys.is(key, 'q')) {
            return Nav.QUIT;
        }
        return Nav.STAY;
    }
}
