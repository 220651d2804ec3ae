package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * A one-line text field: printable characters insert, Backspace deletes, Ctrl-U clears; secret fields show
 * only bullets. Enter and Escape are left to the caller. Used by the UI thread only.
 */
final class TextInput {
    private final StringBuilder text = new StringBuilder();
    private final int maxLength;
    private final boolean secret;

    TextInput(int maxLength, boolean secret) {
        this.maxLength = maxLength;
        this.secret = secret;
    }

    /** Applies an editing key; returns false when the key is not an editing key. */
    boolean edit(KeyStroke key) {
        if (key.getKeyType() == KeyType.Backspace) {
            if (!text.isEmpty()) {
                text.setLength(text.length() - 1);
            }
            return true;
        }
        if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && key.getCharacter() == 'u') {
            text.setLength(0);
            return true;
        }
        if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()
                && !Character.isISOControl(key.getCharacter())) {
            if (text.length() < maxLength) {
                text.append(key.getCharacter());
            }
            return true;
        }
        return false;
    }

    String value() {
        return text.toString();
    }

    void set(String value) {
        text.setLength(0);
        text.append(value, 0, Math.min(value.length(), maxLength));
    }

    /** What to draw in a field {@code width} columns wide: the tail of the text (or bullets) and a cursor block. */
    String display(int width) {
        String shown = secret ? "•".repeat(text.length()) : text.toString();
        int room = Math.max(1, width - 1);
        if (shown.length() > room) {
            shown = shown.substring(shown.length() - room);
        }
        return shown + "█";
    }
}
