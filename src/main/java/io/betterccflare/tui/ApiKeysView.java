package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;

/**
 * API Keys (issue 15): the keys with role, key suffix, requests and limits; {@code g} generates one (name, then
 * role; the key is shown once), {@code d} revokes the selected one after its name is typed. UI thread only, except
 * the load.
 */
final class ApiKeysView implements View {
    private final UiContext ui;
    private final Remote<List<ApiRecords.ApiKey>> keys;
    private final Selection selection = new Selection();

    ApiKeysView(UiContext ui) {
        this.ui = ui;
        this.keys = new Remote<>(ui, "API keys", () -> ui.api().apiKeys());
    }

    @Override
    public String title() {
        return "API Keys";
    }

    @Override
    public String help() {
        return "↑/↓ select · g generate · d revoke · r refresh · q back";
    }

    @Override
    public void opened() {
        keys.refresh();
    }

    @Override
    public void render(Canvas canvas) {
        List<ApiRecords.ApiKey> current = keys.value();
        if (current == null) {
            canvas.text(2, 1, keys.loading() ? "Loading API keys..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        selection.resize(current.size());
        if (current.isEmpty()) {
            canvas.text(2, 1, "No API keys: the proxy, API and dashboard are open to every local client.", Style.DIM);
            canvas.text(2, 2, "Press g to generate the first (admin) key.", Style.DIM);
            return;
        }
        canvas.text(1, 1, current.size() + " API key(s)", Style.HEADING);
        canvas.text(1, 2, "   " + Formats.pad("NAME", 16) + " " + Formats.pad("ROLE", 9) + Formats.pad("KEY", 14) + Formats.pad("REQS", 7)
                + "LIMITS", Style.DIM);
        for (int i = 0; i < current.size() && 3 + i < canvas.height(); i++) {
            ApiRecords.ApiKey key = current.get(i);
            boolean selected = i == selection.index();
            String line = (selected ? " ▶ " : "   ") + Formats.pad(key.name(), 16) + " " + Formats.pad(key.role(), 9)
                    + Formats.pad("btr-…" + key.prefixLast8(), 14) + Formats.pad(String.valueOf(key.usageCount()), 7) + limits(key);
            canvas.text(1, 3 + i, Formats.pad(line, Math.max(0, canvas.width() - 2)), selected ? Style.SELECTED : Style.NORMAL);
        }
    }

    private static String limits(ApiRecords.ApiKey key) {
        List<String> parts = new ArrayList<>();
        if (key.allowedModels() != null && !key.allowedModels().isEmpty()) {
            parts.add(String.join(",", key.allowedModels()));
        }
        if (key.maxConcurrent() != null) {
            parts.add(key.maxConcurrent() + " conc");
        }
        if (key.rpm() != null) {
            parts.add(key.rpm() + "/min");
        }
        if (key.tokensPer5h() != null) {
            parts.add(Formats.tokens(key.tokensPer5h()) + "/5h");
        }
        if (key.tokensPerDay() != null) {
            parts.add(Formats.tokens(key.tokensPerDay()) + "/day");
        }
        if (key.expiresAt() != null) {
            parts.add("exp " + key.expiresAt().substring(0, Math.min(10, key.expiresAt().length())));
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        List<ApiRecords.ApiKey> current = keys.value();
        if (key.getKeyType() == KeyType.ArrowUp) {
            selection.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            selection.down();
        } else if (Keys.is(key, 'r')) {
            keys.refresh();
        } else if (Keys.is(key, 'g')) {
            return Nav.open(new GenerateKeyView(ui, keys::refresh));
        } else if (Keys.is(key, 'd') && current != null && !current.isEmpty()) {
            return Nav.open(ConfirmNameView.revokeKey(ui, current.get(selection.index()), keys::refresh));
        }
        return Nav.STAY;
    }
}
