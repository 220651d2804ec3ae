package io.betterccflare.accounts;

import java.util.Locale;

/**
 * Which upstream family an account talks to. Stored by {@link #id()} in {@code accounts.provider}.
 */
public enum Provider {
    ANTHROPIC("anthropic"),
    ZAI("zai"),
    ANTHROPIC_COMPATIBLE("anthropic-compatible");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses a stored provider id; NULL and unknown values read as {@link #ANTHROPIC}, as in the reference. */
    public static Provider fromId(String id) {
        if (id == null) {
            return ANTHROPIC;
        }
        for (Provider provider : values()) {
            if (provider.id.equals(id.toLowerCase(Locale.ROOT))) {
                return provider;
            }
        }
        return ANTHROPIC;
    }
}
