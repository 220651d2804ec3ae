package io.betterccflare.tui;

/**
 * A REST call of the terminal UI failed: the API's own {@code error} text, or a one-line description of a
 * transport failure. Shown on the status line, never as a stack trace. Immutable.
 */
final class ApiCallException extends RuntimeException {
    ApiCallException(String message) {
        super(message);
    }

    ApiCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
