package io.betterccflare.accounts;

/**
 * A user-facing failure of an account operation: bad input or an unknown account. The CLI prints the
 * message on one line; the API maps {@link Kind#INVALID} to 400 and {@link Kind#NOT_FOUND} to 404.
 */
public final class AccountException extends RuntimeException {

    /** What went wrong, which decides the status code. */
    public enum Kind { INVALID, NOT_FOUND }

    private final Kind kind;

    public AccountException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static AccountException notFound(String nameOrId) {
        // The name comes from the user: a control character in it must not split the one-line message.
        String shown = nameOrId == null ? null : nameOrId.codePoints()
                .map(c -> c < 0x20 || c == 0x7F ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return new AccountException(Kind.NOT_FOUND, "Account '" + shown + "' not found");
    }
}
