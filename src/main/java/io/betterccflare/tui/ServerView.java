package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import java.time.Duration;

/** Server facts: address, port, uptime, dashboard URL (opened with {@code d}), database and account count. UI thread only. */
final class ServerView implements View {
    private final UiContext ui;
    private final Remote<ApiRecords.Health> health;

    ServerView(UiContext ui) {
        this.ui = ui;
        this.health = new Remote<>(ui, "Health", () -> ui.api().health());
    }

    @Override
    public String title() {
        return "Server";
    }

    @Override
    public String help() {
        return "d open dashboard in browser · r refresh · q/Esc back";
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
        ServerInfo server = ui.server();
        canvas.text(2, 1, "Server running at " + server.publicUrl(), Style.GOOD);
        int row = 3;
        row = field(canvas, row, "Address", server.host());
        row = field(canvas, row, "Port", String.valueOf(server.port()));
        row = field(canvas, row, "Uptime", Formats.uptime(Duration.ofMillis(ui.now() - server.startedAtMs())));
        row = field(canvas, row, "Dashboard", server.dashboardUrl());
        row = field(canvas, row, "Proxy", "ANTHROPIC_BASE_URL=" + server.publicUrl());
        row = field(canvas, row, "Database", server.database());
        ApiRecords.Health current = health.value();
        row = field(canvas, row, "Status", current == null ? "-" : current.status());
        row = field(canvas, row, "Accounts", current == null ? "-" : String.valueOf(current.accounts()));
        field(canvas, row, "Strategy", current == null ? "-" : current.strategy());
    }

    private static int field(Canvas canvas, int row, String label, String value) {
        canvas.text(2, row, Formats.pad(label + ":", 12), Style.DIM);
        canvas.text(14, row, value);
        return row + 1;
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        if (Keys.is(key, 'r')) {
            health.refresh();
        } else if (Keys.is(key, 'd')) {
            String url = ui.server().dashboardUrl();
            if (ui.browser().open(url)) {
                ui.info("Opened " + url + " in the browser");
            } else {
                ui.info("No browser available here; open " + url);
            }
        }
        return Nav.STAY;
    }
}
