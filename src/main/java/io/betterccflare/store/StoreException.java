package io.betterccflare.store;

/**
 * A database failure (cannot open, locked, corrupt, constraint broken unexpectedly). Thrown unchecked by
 * the storage adapters with the cause attached; the message never contains credentials.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Wraps a data-access failure as "{@code action}: SQL error text", keeping only the driver's
     * {@link java.sql.SQLException} as the cause: wrappers may render statements and bound values.
     */
    public static StoreException of(String action, RuntimeException failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof java.sql.SQLException)) {
            cause = cause.getCause();
        }
        String reason = cause == null ? failure.getClass().getSimpleName() : Database.firstLine(cause.getMessage());
        return new StoreException(action + ": " + reason, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
