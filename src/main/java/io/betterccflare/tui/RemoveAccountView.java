package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Confirm removal: the account is removed only after its name is typed exactly. UI thread only. */
final class RemoveAccountView implements View {
    private final UiContext ui;
    private final ApiRecords.Account account;
    private final TextInput input = new TextInput(100, false);

    RemoveAccountView(UiContext ui, ApiRecords.Account account) {
        this.ui = ui;
        this.account = account;
    }

    @Override
    public String title() {
        return "Remove";
    }

    @Override
    public String help() {
        return "type the account name · Enter remove · Esc cancel";
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(2, 1, "Remove account '" + account.name() + "'?", Style.BAD);
        canvas.text(2, 3, "This deletes the account and its tokens. Its request history stays.");
        canvas.text(2, 5, "Type the account name to confirm: ");
        canvas.text(36, 5, input.display(Math.max(10, canvas.width() - 38)), Style.BOLD);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        if (Keys.enter(key)) {
            if (!input.value().equals(account.name())) {
                ui.error("The name does not match '" + account.name() + "'; nothing removed");
                return Nav.STAY;
            }
            try {
                ui.api().remove(account.id(), account.name());
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
                return Nav.STAY;
            }
            ui.info("Account '" + account.name() + "' removed");
            return Nav.BACK;
        }
        input.edit(key);
        return Nav.STAY;
    }
}
