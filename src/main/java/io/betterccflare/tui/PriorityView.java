package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Set Account Priority: shows the current value and takes a number from 0 to 100. UI thread only. */
final class PriorityView implements View {
    static final String INVALID = "Priority must be a number between 0 and 100";

    private final UiContext ui;
    private final ApiRecords.Account account;
    private final TextInput input = new TextInput(3, false);

    PriorityView(UiContext ui, ApiRecords.Account account) {
        this.ui = ui;
        this.account = account;
        input.set(String.valueOf(account.priority()));
    }

    @Override
    public String title() {
        return "Priority";
    }

    @Override
    public String help() {
        return "type 0-100 (lower is preferred) · Enter save · Esc cancel";
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(2, 1, "Set Account Priority: " + account.name(), Style.HEADING);
        canvas.text(2, 3, "Current priority: " + account.priority());
        canvas.text(2, 5, "New priority: ");
        canvas.text(16, 5, input.display(6), Style.BOLD);
    }

    /** The priority typed, or null when it is not a whole number from 0 to 100. */
    static Integer parse(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            return value < 0 || value > 100 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        if (Keys.enter(key)) {
            Integer priority = parse(input.value());
            if (priority == null) {
                ui.error(INVALID);
                return Nav.STAY;
            }
            try {
                ui.api().setPriority(account.id(), priority);
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
                return Nav.STAY;
            }
            ui.info("Priority of '" + account.name() + "' set to " + priority);
            return Nav.BACK;
        }
        input.edit(key);
        return Nav.STAY;
    }
}
