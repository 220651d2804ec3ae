package io.betterccflare.logging;

import io.betterccflare.config.Config;
import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The process-wide log sink and its one configuration hook.
 *
 * <p>Why a static: SLF4J creates {@link LoggingProvider} itself through {@link java.util.ServiceLoader},
 * with no way to pass it our objects, and classes everywhere hold {@code static final} loggers made
 * before {@code App} exists. So the sink is created here on first use with defaults (INFO, log
 * directory from {@link LogDirectory}), and {@code App} calls {@link #configure} once at startup with
 * {@link Config#logging()}. Nothing else in the code base reads or changes this state; {@code App}
 * passes {@link #sink()} on to the services that need it (the log endpoints). Thread-safe.
 */
public final class Logging {
    /** Size cap of {@code app.log} before it rotates. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Rotated files kept next to it ({@code app.log.1} .. {@code app.log.3}). */
    public static final int KEEP_FILES = 3;
    /** Entries kept in memory for {@code /api/logs/history}. */
    public static final int HISTORY = 1_000;

    private static final class Holder {
        // Lazily built on first use (class initialisation is thread-safe and happens once).
        static final LogSink SINK = create();

        private static LogSink create() {
            // FileDescriptor.err rather than System.err: tests that swap System.err must not capture log lines.
            PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            LogSink sink = new LogSink(new LogFile(LogDirectory.file(System.getenv()), MAX_FILE_BYTES, KEEP_FILES),
                    new LogBus(HISTORY), Clock.systemUTC(), stderr);
            sink.loadHistory(HISTORY);
            return sink;
        }
    }

    private Logging() {
    }

    /** The sink every SLF4J logger of this process writes to. */
    public static LogSink sink() {
        return Holder.SINK;
    }

    /** Applies {@code LOG_LEVEL}, {@code LOG_FORMAT} and {@code BETTER_CCFLARE_DEBUG}; call once at startup. */
    public static void configure(Config.Logging logging) {
        Holder.SINK.configure(LogSink.Settings.of(logging.level(), logging.format(), logging.console()));
    }
}
