package io.betterccflare.tui;

/**
 * The one-line message above the help line: the result of the last action or the last error, shown for a
 * while then dropped. Thread-safe: background loads post errors here, the UI thread reads the snapshot.
 */
final class StatusLine {
    private static final long SHOW_MS = 10_000;

    /** A message and when it was posted. */
    record Message(String text, boolean error, long postedAtMs) {
    }

    private volatile Message message;

    void info(String text, long nowMs) {
        message = new Message(text, false, nowMs);
    }

    void error(String text, long nowMs) {
        message = new Message(text, true, nowMs);
    }

    void clear() {
        message = null;
    }

    /** The message to show now, or null. */
    Message current(long nowMs) {
        Message shown = message;
        return shown != null && nowMs - shown.postedAtMs() < SHOW_MS ? shown : null;
    }
}
