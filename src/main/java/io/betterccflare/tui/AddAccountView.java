package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * Add Account, step by step: name, kind (Claude Max or Console through the OAuth code-paste flow of
 * {@code /api/oauth/init} + {@code /api/oauth/callback}, or a z.ai API key), tier, then the authorization
 * code or the key. Escape cancels at any step. UI thread only.
 */
final class AddAccountView implements View {
    /** The wizard's steps, in order. */
    enum Step { NAME, KIND, TIER, CODE, KEY }

    /** An account kind offered in the KIND step. */
    record Kind(String label, String mode, boolean oauth) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("Claude Max (OAuth, recommended)", "max", true),
            new Kind("Claude Console (OAuth)", "console", true),
            new Kind("z.ai (API key)", "zai", false));
    static final List<Integer> TIERS = List.of(1, 5, 20);

    private final UiContext ui;
    private final Selection choice = new Selection();
    private TextInput input = new TextInput(100, false);
    private Step step = Step.NAME;
    private String name;
    private Kind kind;
    private int tier = 1;
    private ApiRecords.OAuthStart oauth;
    private boolean browserOpened;

    AddAccountView(UiContext ui) {
        this.ui = ui;
    }

    Step step() {
        return step;
    }

    @Override
    public String title() {
        return "Add Account";
    }

    @Override
    public String help() {
        return switch (step) {
            case NAME, CODE, KEY -> "type · Enter next · Esc cancel";
            case KIND, TIER -> "↑/↓ choose · Enter next · Esc cancel";
        };
    }

    @Override
    public void render(Canvas canvas) {
        canvas.text(2, 1, "Add Account", Style.HEADING);
        int row = 3;
        if (name != null) {
            canvas.text(2, row++, "Name: " + name, Style.DIM);
        }
        if (kind != null) {
            canvas.text(2, row++, "Kind: " + kind.label(), Style.DIM);
        }
        if (step == Step.CODE || step == Step.KEY) {
            canvas.text(2, row++, "Tier: " + tier, Style.DIM);
        }
        row++;
        switch (step) {
            case NAME -> prompt(canvas, row, "Account name: ");
            case KIND -> options(canvas, row, "Account kind:", KINDS.stream().map(Kind::label).toList());
            case TIER -> options(canvas, row, "Tier:", List.of("Tier 1 (default)", "Tier 5", "Tier 20"));
            case KEY -> prompt(canvas, row, "API key: ");
            case CODE -> {
                canvas.text(2, row++, "Complete Authentication", Style.BOLD);
                canvas.text(2, row++, browserOpened ? "Your browser was opened. If not, open this URL and sign in:"
                        : "Open this URL in a browser and sign in:");
                row = canvas.wrapped(2, row, oauth.authUrl(), Style.ACCENT);
                canvas.text(2, row++, "Then paste the code shown on the page (code#state).");
                prompt(canvas, row + 1, "Authorization code: ");
            }
        }
    }

    private void prompt(Canvas canvas, int row, String label) {
        int col = canvas.text(2, row, label);
        canvas.text(col, row, input.display(Math.max(10, canvas.width() - col - 2)), Style.BOLD);
    }

    private void options(Canvas canvas, int row, String label, List<String> labels) {
        canvas.text(2, row++, label);
        for (int i = 0; i < labels.size(); i++) {
            boolean selected = i == choice.index();
            canvas.text(4, row + i, (selected ? "▶ " : "  ") + labels.get(i), selected ? Style.SELECTED : Style.NORMAL);
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            return Nav.BACK;
        }
        return switch (step) {
            case NAME -> onName(key);
            case KIND, TIER -> onChoice(key);
            case CODE -> onCode(key);
            case KEY -> onKeyInput(key);
        };
    }

    private Nav onName(KeyStroke key) {
        if (!Keys.enter(key)) {
            input.edit(key);
            return Nav.STAY;
        }
        String typed = input.value().trim();
        if (typed.isEmpty()) {
            ui.error("Account name is required");
            return Nav.STAY;
        }
        name = typed;
        step = Step.KIND;
        choice.resize(KINDS.size());
        choice.select(0);
        return Nav.STAY;
    }

    private Nav onChoice(KeyStroke key) {
        if (Keys.is(key, 'q')) {
            return Nav.BACK;
        }
        if (key.getKeyType() == KeyType.ArrowUp) {
            choice.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            choice.down();
        } else if (Keys.enter(key)) {
            if (step == Step.KIND) {
                kind = KINDS.get(choice.index());
                step = Step.TIER;
                choice.resize(TIERS.size());
                choice.select(0);
            } else {
                tier = TIERS.get(choice.index());
                return kind.oauth() ? startOAuth() : startKey();
            }
        }
        return Nav.STAY;
    }

    private Nav startKey() {
        input = new TextInput(500, true);
        step = Step.KEY;
        return Nav.STAY;
    }

    private Nav startOAuth() {
        try {
            oauth = ui.api().oauthInit(name, kind.mode(), tier);
        } catch (ApiCallException e) {
            ui.error(e.getMessage());
            step = Step.NAME;
            input = new TextInput(100, false);
            input.set(name);
            name = null;
            kind = null;
            return Nav.STAY;
        }
        browserOpened = ui.browser().open(oauth.authUrl());
        input = new TextInput(2_000, false);
        step = Step.CODE;
        return Nav.STAY;
    }

    private Nav onCode(KeyStroke key) {
        if (!Keys.enter(key)) {
            input.edit(key);
            return Nav.STAY;
        }
        String code = input.value().trim();
        if (code.isEmpty()) {
            ui.error("Paste the authorization code first");
            return Nav.STAY;
        }
        try {
            ui.info(ui.api().oauthCallback(oauth.sessionId(), code));
        } catch (ApiCallException e) {
            ui.error(e.getMessage());
            return Nav.STAY;
        }
        return Nav.BACK;
    }

    private Nav onKeyInput(KeyStroke key) {
        if (!Keys.enter(key)) {
            input.edit(key);
            return Nav.STAY;
        }
        String apiKey = input.value().trim();
        if (apiKey.isEmpty()) {
            ui.error("API key is required");
            return Nav.STAY;
        }
        try {
            ui.api().addZai(name, apiKey, tier);
        } catch (ApiCallException e) {
            ui.error(e.getMessage());
            return Nav.STAY;
        }
        ui.info("Account '" + name + "' added");
        return Nav.BACK;
    }
}
