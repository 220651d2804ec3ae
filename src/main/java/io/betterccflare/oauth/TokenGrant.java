package io.betterccflare.oauth;

import io.betterccflare.accounts.Secrets;

/**
 * What the token endpoint granted: the access token, the (possibly rotated) refresh token or null, the
 * lifetime in seconds, and the account's e-mail address when the response names it. Immutable;
 * {@code toString} masks the tokens.
 */
public record TokenGrant(String accessToken, String refreshToken, long expiresInSeconds, String email) {

    @Override
    public String toString() {
        return "TokenGrant[accessToken=" + Secrets.mask(accessToken) + ", refreshToken=" + Secrets.mask(refreshToken)
                + ", expiresInSeconds=" + expiresInSeconds + ", email=" + email + "]";
    }
}
