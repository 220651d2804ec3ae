package io.betterccflare.accounts;

/**
 * Masks tokens and API keys for display: a short prefix and suffix survive, the middle never does.
 * Stateless; thread-safe.
 */
public final class Secrets {
    private Secrets() {
    }

    /** {@code sk-ant-api03-abcdef...wxyz} → {@code sk-ant-…wxyz}; short values become {@code ****}. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.length() < 16) {
            return "****";
        }
        int prefix = Math.min(7, secret.length() / 4);
        return secret.substring(0, prefix) + "…" + secret.substring(secret.length() - 4);
    }
}
