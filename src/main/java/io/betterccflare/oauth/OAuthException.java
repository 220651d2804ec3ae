package io.betterccflare.oauth;

/**
 * A login that cannot go on, with a message fit to show the user. {@link Kind#INVALID} is the user's
 * input or an OAuth refusal (HTTP 400); {@link Kind#UPSTREAM} means the OAuth or API server could not be
 * reached or answered nonsense (HTTP 502). Messages never contain tokens or codes.
 */
public final class OAuthException extends RuntimeException {

    /** Whose fault, which decides the status code. */
    public enum Kind { INVALID, UPSTREAM }

    private final Kind kind;

    public OAuthException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
