package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import java.time.ZoneId;
import java.util.List;

/**
 * Request History: the newest 100 requests (of one agent, when opened from the Agents screen), paged to the
 * terminal's height, refreshed live from {@code /api/requests/stream} and every 10 s; Enter or Space opens the details.
 */
final class RequestsView implements View {
    static final int LIMIT = 100;

    private final UiContext ui;
    private final Remote<List<ApiRecords.Request>> requests;
    private final Selection selection = new Selection();
    private volatile int pageSize = 10;
    private final String agent;
    private EventStream stream;

    RequestsView(UiContext ui) {
        this(ui, null);
    }

    /** @param agent the agent id whose requests to show, null for all */
    RequestsView(UiContext ui, String agent) {
        this.ui = ui;
        this.agent = agent;
        this.requests = new Remote<>(ui, "Requests", () -> ui.api().requests(LIMIT, agent));
    }

    @Override
    public String title() {
        return "Requests";
    }

    @Override
    public String help() {
        return "↑/↓ select · ←/→ page · Enter/space details · r refresh · q/Esc back";
    }

    @Override
    public void opened() {
        requests.refresh();
        if (stream == null) {
            stream = ui.api().requestStream(event -> {
                String type = event.path("type").asText();
                if (type.equals("start") || type.equals("summary")) {
                    requests.refresh();
                }
            });
        }
    }

    @Override
    public void closed() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void tick(long nowMs) {
        requests.refreshEvery(10_000, nowMs);
    }

    /** One request as a list row {@code width} columns wide (after the selection marker). */
    static String row(ApiRecords.Request request, int width, ZoneId zone) {
        String status = request.statusCode() == null ? "ERROR" : String.valueOf(request.statusCode());
        String account = request.accountUsed() == null ? "No Account" : request.accountUsed();
        String model = request.model() == null ? "-" : request.model().replaceFirst("^claude-", "");
        String tokens = request.totalTokens() == null ? "-" : Formats.compact(request.totalTokens());
        String cost = request.costUsd() == null ? "-" : Formats.cost(request.costUsd());
        String line = Formats.time(request.timestamp(), zone) + " " + Formats.pad(status, 5) + " " + Formats.pad(account, 14) + " "
                + Formats.pad(model, 20) + " " + Formats.padLeft(tokens, 7) + " " + Formats.padLeft(cost, 9);
        if (request.statusCode() != null && request.statusCode() == 429) {
            line += " RATE LIMITED";
        }
        if (request.errorMessage() != null) {
            line += " " + request.errorMessage();
        }
        return Formats.fit(line, width);
    }

    static Style statusStyle(ApiRecords.Request request) {
        Integer status = request.statusCode();
        if (status == null || status >= 500) {
            return Style.BAD;
        }
        return status >= 400 ? Style.WARN : Style.GOOD;
    }

    @Override
    public void render(Canvas canvas) {
        List<ApiRecords.Request> list = requests.value();
        if (list == null) {
            canvas.text(2, 1, requests.loading() ? "Loading requests..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        selection.resize(list.size());
        pageSize = Math.max(1, canvas.height() - 3);
        canvas.text(1, 0, "Request History", Style.HEADING);
        canvas.text(20, 0, agent == null ? "(live)" : "(live) · agent " + agent, Style.DIM);
        if (list.isEmpty()) {
            canvas.text(2, 2, "No requests yet. Point a client at " + ui.server().publicUrl() + " to see them here.", Style.DIM);
            return;
        }
        int start = selection.pageStart(pageSize);
        for (int i = start; i < Math.min(list.size(), start + pageSize); i++) {
            ApiRecords.Request request = list.get(i);
            int row = 1 + i - start;
            if (i == selection.index()) {
                canvas.line(row, "▶ " + row(request, canvas.width() - 2, ui.zone()), Style.SELECTED);
            } else {
                canvas.text(0, row, "  " + row(request, canvas.width() - 2, ui.zone()), request.success() ? Style.NORMAL : statusStyle(request));
            }
        }
        canvas.text(1, canvas.height() - 1, "Page " + selection.page(pageSize) + "/" + selection.pages(pageSize) + " • "
                + list.size() + " total requests", Style.DIM);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        if (Keys.is(key, 'r')) {
            requests.refresh();
            return Nav.STAY;
        }
        List<ApiRecords.Request> list = requests.value();
        if (list == null || list.isEmpty()) {
            return Nav.STAY;
        }
        selection.resize(list.size());
        switch (key.getKeyType()) {
            case ArrowUp -> selection.up();
            case ArrowDown -> selection.down();
            case ArrowLeft -> selection.page(-1, pageSize);
            case ArrowRight -> selection.page(1, pageSize);
            case Enter -> {
                return Nav.open(new RequestDetailView(ui, list.get(selection.index())));
            }
            default -> {
                if (Keys.is(key, ' ')) {
                    return Nav.open(new RequestDetailView(ui, list.get(selection.index())));
                }
            }
        }
        return Nav.STAY;
    }
}
