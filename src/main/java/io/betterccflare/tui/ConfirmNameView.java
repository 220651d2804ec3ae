package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * Confirms a destructive action by its object's name: the action runs only after the name is typed exactly
 * (removing an account, revoking an API key). UI thread only.
 */
final class ConfirmNameView implements View {
    /** What is confirmed: the noun ("account"), the verb ("remove"/"removed") and what else to say. */
    record Subject(String noun, String verb, String done, String consequence) {
    }

    /** The confirmed action; may fail with the API's message. */
    @FunctionalInterface
    interface Action {
        void run() throws ApiCallException;
    }

    private final UiContext ui;
    private final Subject subject;
    private final String name;
    private final Action action;
    private final TextInput input = new TextInput(100, false);

    ConfirmNameView(UiContext ui, Subject subject, String name, Action action) {
        this.ui = ui;
        this.subject = subject;
        this.name = name;
        this.action = action;
    }

    static ConfirmNameView removeAccount(UiContext ui, ApiRecords.Account account) {
        return new ConfirmNameView(ui, new Subject("account", "remove", "removed",
                "This deletes the account and its tokens. Its request history stays."),
                account.name(), () -> ui.api().remove(account.id(), account.name()));
    }

    static ConfirmNameView revokeKey(UiContext ui, ApiRecords.ApiKey key, Runnable changed) {
        return new ConfirmNameView(ui, new Subject("API key", "revoke", "revoked",
                "Clients using it stop working at once. Its request history stays."),
                key.name(), () -> {
                    ui.api().revokeApiKey(key.id());
                    changed.run();
                });
    }

    @Override
    public String title() {
        return subject.verb().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + subject.verb().substring(1);
    }

    @Override
    public String help() {
        return "type the " + subject.noun().replace("API ", "") + " name · Enter " + subject.verb() + " · Esc cancel";
    }

    @Override
    public void render(Canvas canvas) {
        String prompt = "Type the " + subject.noun().replace("API ", "") + " name to confirm: ";
        canvas.text(2, 1, title() + " " + subject.noun() + " '" + name + "'?", Style.BAD);
        canvas.text(2, 3, subject.consequence());
        canvas.text(2, 5, prompt);
        canvas.text(2 + prompt.length(), 5, input.display(Math.max(10, canvas.width() - prompt.length() - 4)), Style.BOLD);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        if (Keys.enter(key)) {
            if (!input.value().equals(name)) {
                ui.error("The name does not match '" + name + "'; nothing " + subject.done());
                return Nav.STAY;
            }
            try {
                action.run();
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
                return Nav.STAY;
            }
            ui.info(subject.noun().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + subject.noun().substring(1)
                    + " '" + name + "' " + subject.done());
            return Nav.BACK;
        }
        input.edit(key);
        return Nav.STAY;
    }
}
