package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/** Load Balancer: the current strategy and the available ones; Enter switches. UI thread only, except the load. */
final class StrategyView implements View {
    /** The current strategy and the choices. */
    record Strategies(String current, List<String> available) {
    }

    private final UiContext ui;
    private final Remote<Strategies> strategies;
    private final Selection selection = new Selection();

    StrategyView(UiContext ui) {
        this.ui = ui;
        this.strategies = new Remote<>(ui, "Strategy", () -> new Strategies(ui.api().strategy(), List.copyOf(ui.api().strategies())));
    }

    @Override
    public String title() {
        return "Load Balancer";
    }

    @Override
    public String help() {
        return "↑/↓ choose · Enter set strategy · r refresh · q/Esc back";
    }

    @Override
    public void opened() {
        strategies.refresh();
    }

    @Override
    public void render(Canvas canvas) {
        Strategies current = strategies.value();
        if (current == null) {
            canvas.text(2, 1, strategies.loading() ? "Loading strategies..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        selection.resize(current.available().size());
        canvas.text(2, 1, "Current Strategy: " + current.current(), Style.HEADING);
        canvas.text(2, 3, "Available strategies:");
        for (int i = 0; i < current.available().size(); i++) {
            String name = current.available().get(i);
            boolean selected = i == selection.index();
            String line = (selected ? "▶ " : "  ") + name + (name.equals(current.current()) ? "  (current)" : "");
            canvas.text(4, 4 + i, line, selected ? Style.SELECTED : Style.NORMAL);
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        Strategies current = strategies.value();
        if (Keys.is(key, 'r') || current == null) {
            strategies.refresh();
            return Nav.STAY;
        }
        selection.resize(current.available().size());
        if (key.getKeyType() == KeyType.ArrowUp) {
            selection.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            selection.down();
        } else if (Keys.enter(key) && !current.available().isEmpty()) {
            String chosen = current.available().get(selection.index());
            try {
                ui.api().setStrategy(chosen);
                ui.info("✓ Strategy changed to: " + chosen);
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
            }
            strategies.refresh();
        }
        return Nav.STAY;
    }
}
