package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * Generate an API key: type a name, Tab switches the role (admin / api-only), Enter generates; the new key is then
 * shown on this screen, once, until Esc. UI thread only.
 */
final class GenerateKeyView implements View {
    private final UiContext ui;
    private final Runnable changed;
    private final TextInput name = new TextInput(100, false);
    private String role = "admin";
    private String secret;

    GenerateKeyView(UiContext ui, Runnable changed) {
        this.ui = ui;
        this.changed = changed;
    }

    @Override
    public String title() {
        return "Generate API Key";
    }

    @Override
    public String help() {
        return secret == null ? "type a name · Tab role · Enter generate · Esc cancel" : "Esc back";
    }

    @Override
    public void render(Canvas canvas) {
        if (secret != null) {
            canvas.text(2, 1, "API key '" + name.value() + "' generated (role " + role + ")", Style.GOOD);
            canvas.text(2, 3, secret, Style.BOLD);
            canvas.text(2, 5, "Copy it now: it is not stored and will not be shown again.", Style.DIM);
            return;
        }
        canvas.text(2, 1, "Name: ");
        canvas.text(8, 1, name.display(Math.max(10, canvas.width() - 10)), Style.BOLD);
        canvas.text(2, 2, "Role: " + role + "   (Tab switches: admin may use everything, api-only only the proxy)");
        canvas.text(2, 4, "Limits (models, rpm, tokens, expiry) are set with the dashboard, the API or the CLI.", Style.DIM);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        if (secret != null) {
            return Nav.STAY;
        }
        if (key.getKeyType() == KeyType.Tab) {
            role = role.equals("admin") ? "api-only" : "admin";
            return Nav.STAY;
        }
        if (Keys.enter(key)) {
            try {
                secret = ui.api().generateApiKey(name.value().trim(), role);
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
                return Nav.STAY;
            }
            changed.run();
            return Nav.STAY;
        }
        name.edit(key);
        return Nav.STAY;
    }
}
