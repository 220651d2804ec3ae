package io.betterccflare.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One login's PKCE pair (S256) and its independent {@code state}. The verifier is 32 random bytes in
 * base64url without padding; the challenge is base64url(SHA-256(verifier)); the state is 32 random bytes
 * in hex. Immutable.
 */
record Pkce(String verifier, String challenge, String state) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static Pkce generate() {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        return new Pkce(verifier, challengeOf(verifier), HexFormat.of().formatHex(random(32)));
    }

    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
