package io.betterccflare.encryption;

/**
 * A stored value or a key that cannot be used: a malformed key, a key file others may read, a value sealed with
 * another key, a value whose authentication tag does not match (tampered, or moved from another row or column).
 * The message names the key source, the column or the row, never a key or a value, so it can be shown as is.
 */
public final class EncryptionException extends RuntimeException {
    public EncryptionException(String message) {
        super(message);
    }
}
