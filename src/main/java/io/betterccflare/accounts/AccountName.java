package io.betterccflare.accounts;

import java.util.regex.Pattern;

/**
 * The reference's account-name rule: 1–100 characters, letters, digits, spaces and {@code - _ @ . +}; no
 * control character anywhere, not even at the ends ({@link ControlCharacters}).
 * Stateless; thread-safe.
 */
public final class AccountName {
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N} \\-_@.+]+");

    private AccountName() {
    }

    /** Returns the trimmed name or throws {@link AccountException} saying what is wrong. */
    public static String validate(String raw) {
        if (raw == null || raw.trim().isEmpty()) {
            throw new AccountException(AccountException.Kind.INVALID, "name is required");
        }
        ControlCharacters.refuse("name", raw);
        String name = raw.trim();
        if (name.length() > 100) {
            throw new AccountException(AccountException.Kind.INVALID, "name must be at most 100 characters long");
        }
        if (!ALLOWED.matcher(name).matches()) {
            throw new AccountException(AccountException.Kind.INVALID,
                    "name has an invalid format: use letters, digits, spaces and - _ @ . + only");
        }
        return name;
    }
}
