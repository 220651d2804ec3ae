package io.betterccflare.access;

/**
 * A refused API key operation: a missing key ({@code NOT_FOUND}) or invalid input or a rule such as "the last admin
 * key stays" ({@code INVALID}). The message is safe to show: it never holds a secret.
 */
public final class AccessException extends RuntimeException {
    /** What kind of refusal. */
    public enum Kind { NOT_FOUND, INVALID }

    private final Kind kind;

    private AccessException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    static AccessException notFound(String message) {
        return new AccessException(Kind.NOT_FOUND, message);
    }

    static AccessException invalid(String message) {
        return new AccessException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
