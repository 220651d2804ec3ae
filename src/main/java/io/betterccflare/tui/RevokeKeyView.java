package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Confirm revocation: the key is deleted only after its name is typed exactly. UI thread only. */
final class RevokeKeyView implements View {
    private final UiContext ui;
    private final ApiRecords.ApiKey key;
    private final Runnable changed;
    private final TextInput input = new TextInput(100, false);

    RevokeKeyView(UiContext ui, ApiRecords.ApiKey key, Runnable changed) {
        this.ui = ui;
        this.key = key;
        this.changed = changed;
    }

    @Override
    public String title() {
        return "Revoke";
    }

    @Override
    public String help() {
        return "type the key name · Enter revoke · Esc cancel";
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(2, 1, "Revoke API key '" + key.name() + "'?", Style.BAD);
        canvas.text(2, 3, "Clients using it stop working at once. Its request history stays.");
        canvas.text(2, 5, "Type the key name to confirm: ");
        canvas.text(32, 5, input.display(Math.max(10, canvas.width() - 34)), Style.BOLD);
    }

    @Override
    public Nav onKey(KeyStroke stroke) {
        if (stroke.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        if (Keys.enter(stroke)) {
            if (!input.value().equals(key.name())) {
                ui.error("The name does not match '" + key.name() + "'; nothing revoked");
                return Nav.STAY;
            }
            try {
                ui.api().revokeApiKey(key.id());
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
                return Nav.STAY;
            }
            ui.info("API key '" + key.name() + "' revoked");
            changed.run();
            return Nav.BACK;
        }
        input.edit(stroke);
        return Nav.STAY;
    }
}
