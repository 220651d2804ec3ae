package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/**
 * Logs: the last 200 lines of {@code /api/logs/history}, then the live tail from {@code /api/logs/stream},
 * coloured by level; Space pauses, {@code c} clears. The stream runs only while the screen is open.
 */
final class LogsView implements View {
    private final UiContext ui;
    private final LogBuffer buffer = new LogBuffer();
    private EventStream stream;

    LogsView(UiContext ui) {
        this.ui = ui;
    }

    @Override
    public String title() {
        return "Logs";
    }

    @Override
    public String help() {
        return "space " + (buffer.paused() ? "resume" : "pause") + " · c clear · q/Esc back";
    }

    @Override
    public void opened() {
        if (stream != null) {
            return;
        }
        ui.background("Log history", () -> {
            List<ApiRecords.LogEvent> history = ui.api().logHistory();
            buffer.addAll(history.subList(Math.max(0, history.size() - LogBuffer.CAPACITY), history.size()));
        });
        stream = ui.api().logStream(event -> {
            buffer.add(event);
            ui.changed();
        });
    }

    @Override
    public void closed() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(1, 0, "Logs" + (buffer.paused() ? " (PAUSED)" : " (live)"), buffer.paused() ? Style.WARN : Style.HEADING);
        List<ApiRecords.LogEvent> lines = buffer.tail(canvas.height() - 1);
        if (lines.isEmpty()) {
            canvas.text(2, 2, "No log lines yet.", Style.DIM);
        }
        int row = 1;
        for (ApiRecords.LogEvent event : lines) {
            int col = canvas.text(1, row, Formats.time(event.ts(), ui.zone()) + " ", Style.DIM);
            col = canvas.text(col, row, Formats.pad("[" + event.level() + "]", 7) + " ", level(event.level()));
            canvas.text(col, row++, event.msg());
        }
    }

    static Style level(String level) {
        if (level == null) {
            return Style.NORMAL;
        }
        return switch (level) {
            case "ERROR" -> Style.BAD;
            case "WARN" -> Style.WARN;
            case "DEBUG" -> Style.DIM;
            default -> Style.GOOD;
        };
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        if (Keys.is(key, ' ')) {
            buffer.togglePause();
        } else if (Keys.is(key, 'c')) {
            buffer.clear();
        }
        return Nav.STAY;
    }
}
