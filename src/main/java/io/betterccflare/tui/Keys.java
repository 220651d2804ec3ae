package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Small predicates over key strokes shared by the screens. Stateless. */
final class Keys {
    private Keys() {
    }

    static boolean is(KeyStroke key, char character) {
        return key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown() && key.getCharacter() == character;
    }

    static boolean isType(KeyStroke key, KeyType type) {
        return key.getKeyType() == type;
    }

    /** {@code q} or Escape: the reference's "back". */
    static boolean back(KeyStroke key) {
        return is(key, 'q') || key.getKeyType() == KeyType.Escape;
    }

    static boolean enter(KeyStroke key) {
        return key.getKeyType() == KeyType.Enter;
    }

    /** A digit key, or -1. */
    static int digit(KeyStroke key) {
        return key.getKeyType() == KeyType.Character && !key.isCtrlDown() && Character.isDigit(key.getCharacter())
                ? key.getCharacter() - '0' : -1;
    }
}
