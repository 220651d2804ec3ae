package io.betterccflare.access;

import java.util.Locale;

/**
 * What an API key may do: {@code admin} everything (proxy, {@code /api/*}, {@code /metrics}, dashboard, pinning an
 * account), {@code api-only} the proxied Anthropic API only. Names as the reference's.
 */
public enum Role {
    ADMIN("admin"),
    API_ONLY("api-only");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The wire and database name. */
    public String id() {
        return id;
    }

    /** {@code admin} or {@code api-only} (case-insensitive); anything else is an {@link IllegalArgumentException}. */
    public static Role parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.id.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Invalid role '" + text + "': use admin or api-only");
    }
}
