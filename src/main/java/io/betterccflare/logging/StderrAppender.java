package io.betterccflare.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log lines on the process's standard error when {@code BETTER_CCFLARE_DEBUG} asks for them, as
 * {@code LOG_FORMAT} says: {@code pretty} ({@code HH:mm:ss.SSS LEVEL [Logger] message}) or {@code json}
 * (the file's line). Writes to file descriptor 2 itself, not {@code System.err}, which the terminal UI
 * swaps for its own stream (and tests capture). Runs behind the {@code AsyncAppender}, so only its one
 * worker thread writes; the mode is a volatile field set by {@link Logging#configure}.
 */
final class StderrAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final String NAME = "stderr";
    private static final DateTimeFormatter PRETTY_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    /** Whether and how lines are written. */
    enum Mode { OFF, PRETTY, JSON }

    private final PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private volatile Mode mode = Mode.OFF;

    StderrAppender() {
        setName(NAME);
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Mode current = mode;
        if (current == Mode.OFF) {
            return;
        }
        LogEntry entry = JsonLineEncoder.entryOf(event);
        stderr.println(current == Mode.JSON ? entry.toJson() : pretty(entry));
    }

    private static String pretty(LogEntry entry) {
        String time = PRETTY_TIME.format(Instant.ofEpochMilli(entry.ts()).atZone(ZoneId.systemDefault()));
        String logger = entry.logger() == null ? "" : " [" + entry.logger().substring(entry.logger().lastIndexOf('.') + 1) + "]";
        return time + " " + entry.level() + logger + " " + entry.msg();
    }
}
