package io.betterccflare.store;

/**
 * A database failure (cannot open, locked, corrupt, constraint broken unexpectedly). Thrown unchecked by
 * the storage adapters with the cause attached; the message never contains credentials.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
