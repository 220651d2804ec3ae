package io.betterccflare.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Where every log event goes: the level filter, then the JSON-lines {@link LogFile}, the
 * {@link LogBus} (history ring and live subscribers) and, when {@code console} is on, stderr in the
 * configured format. Libraries' loggers (Jetty, Hikari, Flyway...) are one step quieter than ours:
 * WARN and above at INFO, INFO and above at DEBUG, so their chatter never floods the file.
 * Settings are one volatile snapshot; thread-safe.
 */
public final class LogSink {
    static final String OWN_PREFIX = "io.betterccflare";
    private static final int STACK_FRAMES = 12;
    private static final DateTimeFormatter PRETTY_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    /** What {@code LOG_LEVEL}, {@code LOG_FORMAT} and {@code BETTER_CCFLARE_DEBUG} asked for. */
    public record Settings(Level level, boolean json, boolean console) {
        public static final Settings DEFAULT = new Settings(Level.INFO, false, false);

        /** Parses the config's level name (DEBUG/INFO/WARN/ERROR) and format (pretty/json). */
        public static Settings of(String level, String format, boolean console) {
            return new Settings(Level.valueOf(level.toUpperCase(Locale.ROOT)), "json".equalsIgnoreCase(format), console);
        }
    }

    private final LogFile file;
    private final LogBus bus;
    private final Clock clock;
    private final PrintStream console;
    private volatile Settings settings = Settings.DEFAULT;

    LogSink(LogFile file, LogBus bus, Clock clock, PrintStream console) {
        this.file = file;
        this.bus = bus;
        this.clock = clock;
        this.console = console;
    }

    /** Fills the history ring from the end of the existing file, so the dashboard sees earlier runs. */
    void loadHistory(int count) {
        try {
            for (String line : LogFile.tail(file.path(), count)) {
                LogEntry.parse(line).ifPresent(bus::publish);
            }
        } catch (IOException e) {
            System.err.println("better-ccflare: cannot read the log file " + file.path() + ": " + e.getMessage());
        }
    }

    public void configure(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public LogBus bus() {
        return bus;
    }

    public boolean enabled(String logger, Level level) {
        Level threshold = settings.level();
        if (logger == null || !logger.startsWith(OWN_PREFIX)) {
            threshold = threshold.toInt() <= Level.DEBUG.toInt() ? Level.INFO
                    : threshold == Level.INFO ? Level.WARN : threshold;
        }
        return level.toInt() >= threshold.toInt();
    }

    /** Records one event if its level passes; never throws. */
    public void log(String logger, Level level, String message, Throwable error) {
        if (!enabled(logger, level)) {
            return;
        }
        LogEntry entry = new LogEntry(clock.millis(), name(level), describe(message, error), logger);
        String json = entry.toJson();
        file.append(json);
        bus.publish(entry);
        Settings current = settings;
        if (current.console()) {
            console.println(current.json() ? json : pretty(entry));
        }
    }

    private static String name(Level level) {
        return level == Level.TRACE ? "DEBUG" : level.name();
    }

    private static String describe(String message, Throwable error) {
        String text = message == null ? "" : message;
        if (error == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text).append(text.isEmpty() ? "" : ": ").append(error);
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            out.append("\n    at ").append(frames[i]);
        }
        for (Throwable cause = error.getCause(); cause != null && cause != error; cause = cause.getCause()) {
            out.append("\n  caused by ").append(cause);
        }
        return out.toString();
    }

    private static String pretty(LogEntry entry) {
        String time = PRETTY_TIME.format(Instant.ofEpochMilli(entry.ts()).atZone(ZoneId.systemDefault()));
        String logger = entry.logger() == null ? "" : " [" + shortName(entry.logger()) + "]";
        return time + " " + entry.level() + logger + " " + entry.msg();
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
