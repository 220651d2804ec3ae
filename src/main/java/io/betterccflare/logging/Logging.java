package io.betterccflare.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.betterccflare.config.Config;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The process's logging: Logback, set up by {@link LogbackSetup} on first use, and its one
 * configuration hook. {@code App} calls {@link #configure} once at startup with {@link Config#logging()}
 * and hands {@link #bus()} to the log endpoints; {@code Main} calls {@link #flush} before the process
 * exits. The bus is static because Logback builds its appenders itself, before {@code App} exists.
 * Thread-safe.
 */
public final class Logging {
    /** Size cap of {@code app.log} before it rotates. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Rotated files kept next to it ({@code app.log.1} .. {@code app.log.3}). */
    public static final int KEEP_FILES = 3;
    /** Entries kept in memory for {@code /api/logs/history}. */
    public static final int HISTORY = 1_000;
    /** The MDC key the proxy sets to the request's id (the request log's row id) for every line it logs. */
    public static final String REQUEST_ID = "requestId";

    private static final LogBus BUS = new LogBus(HISTORY);

    private Logging() {
    }

    /** The history ring and live subscribers every log event reaches. */
    public static LogBus bus() {
        return BUS;
    }

    /** Applies {@code LOG_LEVEL}, {@code LOG_FORMAT} and {@code BETTER_CCFLARE_DEBUG} (console lines on stderr). */
    public static void configure(Config.Logging logging) {
        LoggerContext context = context();
        LogbackSetup.levels(context, Level.toLevel(logging.level().toUpperCase(Locale.ROOT), Level.INFO));
        LogbackSetup.stderr(context).mode(!logging.console() ? StderrAppender.Mode.OFF
                : "json".equalsIgnoreCase(logging.format()) ? StderrAppender.Mode.JSON : StderrAppender.Mode.PRETTY);
    }

    /** Writes out what is queued and closes the files (at most about a second); call once, at exit. */
    public static void flush() {
        context().stop();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
