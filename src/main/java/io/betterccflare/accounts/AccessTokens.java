package io.betterccflare.accounts;

/**
 * Gives the proxy a usable OAuth bearer token for a subscription account, refreshing it when it is
 * missing or about to expire. Implementations are thread-safe and deduplicate concurrent refreshes.
 */
public interface AccessTokens {

    /** Uses the stored access token as it is (no refresh). */
    AccessTokens STORED = account -> {
        String token = account.credentials().accessToken();
        if (token == null || token.isEmpty()) {
            throw new TokenUnavailableException("Account '" + account.name() + "' has no access token");
        }
        return token;
    };

    /**
     * Returns a bearer token for an account whose {@code credentials().usesOAuth()} is true.
     *
     * @throws TokenUnavailableException when no valid token can be had now (the proxy fails over)
     */
    String bearerToken(Account account);

    /** No token now: refresh failed, backing off, or re-authentication needed. */
    final class TokenUnavailableException extends RuntimeException {
        public TokenUnavailableException(String message) {
            super(message);
        }
    }
}
