package io.betterccflare.oauth;

/**
 * How one refresh-token request ended: new tokens, a refusal of the refresh token itself
 * ({@code invalid_grant}: the account needs a new login), or a failure worth retrying later.
 */
sealed interface RefreshOutcome {

    /** The token endpoint granted new tokens. */
    record Refreshed(TokenGrant grant) implements RefreshOutcome {
    }

    /** The refresh token is dead; {@code message} says why (never contains the token). */
    record Rejected(String message) implements RefreshOutcome {
    }

    /** A transient failure (network, 5xx, 429, unexpected answer); {@code retryAfterMs} when the server said. */
    record Failed(String message, Long retryAfterMs) implements RefreshOutcome {
    }
}
