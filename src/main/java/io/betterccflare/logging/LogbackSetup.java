package io.betterccflare.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback in code; Logback finds it through {@code META-INF/services} the first time anything
 * logs, before {@code App} exists. The shape:
 * <pre>
 *   root ─┬─ LogBusAppender                               (history ring + live streams; no I/O)
 *         ├─ AsyncAppender ── PrivateFileAppender        app.log, JSON lines, 10 MB → app.log.1..3, 0600
 *         └─ AsyncAppender ── StderrAppender             off unless BETTER_CCFLARE_DEBUG
 * </pre>
 * (each async appender is a queue with one worker thread) so no request thread ever writes to a file or a terminal, or waits on a lock around one. Levels:
 * {@code io.betterccflare} at {@code LOG_LEVEL}, every other logger one step quieter (libraries' chatter
 * stays out of the file). {@code java.util.logging} is bridged in. Logback's own status messages are
 * silenced so that nothing reaches the terminal UI's screen. Used once per logger context.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    static final String OWN_PREFIX = "io.betterccflare";
    static final String ASYNC_FILE = "async-file";
    static final String ASYNC_STDERR = "async-stderr";
    private static final int QUEUE = 8_192;

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public LogbackSetup() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, LogDirectory.resolve(System.getenv()).resolve(LogDirectory.FILE_NAME), Logging.MAX_FILE_BYTES,
                Logging.KEEP_FILES, Logging.bus());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);
        levels(context, Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Builds the appenders of the class comment on {@code context}, writing to {@code file}, and fills
     * {@code bus}'s history from the end of the existing file so the dashboard sees earlier runs.
     */
    static void install(LoggerContext context, Path file, long maxFileBytes, int keepFiles, LogBus bus) {
        context.getStatusManager().add(new NopStatusListener());

        PrivateFileAppender fileAppender = new PrivateFileAppender();
        fileAppender.setContext(context);
        fileAppender.setName("file");
        fileAppender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(fileAppender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(keepFiles);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxFileBytes));
        // Check the size at every line (a stat on the writer thread), not once per 60 ms: the cap holds exactly.
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
        trigger.start();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        fileAppender.setEncoder(encoder);
        fileAppender.setRollingPolicy(rolling);
        fileAppender.setTriggeringPolicy(trigger);
        fileAppender.start();
        if (!fileAppender.isStarted()) {
            // One line at startup, before any terminal UI: logging goes on in memory (history, streams).
            System.err.println("better-ccflare: cannot write the log file " + file);
        }

        StderrAppender stderr = new StderrAppender();
        stderr.setContext(context);
        stderr.start();


        LogBusAppender busAppender = new LogBusAppender(bus);
        busAppender.setContext(context);
        busAppender.setName("bus");
        busAppender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(busAppender);
        root.addAppender(async(context, ASYNC_FILE, fileAppender));
        root.addAppender(async(context, ASYNC_STDERR, stderr));
        loadHistory(file, bus);
    }

    /** An {@link AsyncAppender} (which takes exactly one appender) in front of {@code appender}. */
    private static AsyncAppender async(LoggerContext context, String name, ch.qos.logback.core.Appender<ILoggingEvent> appender) {
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(name);
        async.setQueueSize(QUEUE);
        async.addAppender(appender);
        async.start();
        return async;
    }

    /** Our loggers at {@code level}, all others one step quieter (DEBUG → INFO, INFO → WARN). */
    static void levels(LoggerContext context, Level level) {
        Level others = level.toInt() <= Level.DEBUG_INT ? Level.INFO : level == Level.INFO ? Level.WARN : level;
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(others);
        context.getLogger(OWN_PREFIX).setLevel(level);
    }

    /** The console appender of {@link #install}, to switch its mode. */
    static StderrAppender stderr(LoggerContext context) {
        AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(ASYNC_STDERR);
        return (StderrAppender) async.getAppender(StderrAppender.NAME);
    }

    private static void loadHistory(Path file, LogBus bus) {
        try {
            for (LogEntry entry : LogTail.read(file, Logging.HISTORY)) {
                bus.publish(entry);
            }
        } catch (IOException e) {
            System.err.println("better-ccflare: cannot read the log file " + file + ": " + e.getMessage());
        }
    }
}
