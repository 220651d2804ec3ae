package io.betterccflare.accounts;

/**
 * The rule for every account value that ends up in an HTTP header, a URL or a terminal line (names, API
 * keys, tokens, endpoints): no C0 control character (U+0000..U+001F, so no CR, LF, NUL or tab) and no
 * DEL (U+007F). A value with one could split a header or make the upstream client refuse the request
 * (issue 10 part 6), so every entry (CLI, REST API, and the TUI and dashboard through the API) refuses it
 * with a 400 / one-line error, and the proxy skips an account that was stored with one before.
 * Stateless; thread-safe.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    /** True when {@code value} holds a control character; null holds none. */
    public static boolean in(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns {@code value} unchanged, or throws an {@link AccountException} of kind {@code INVALID} that names
     * {@code field} (never the value, which may be a secret).
     */
    public static String refuse(String field, String value) {
        if (in(value)) {
            throw new AccountException(AccountException.Kind.INVALID,
                    field + " must not contain control characters (line breaks, tabs, NUL)");
        }
        return value;
    }
}
