package io.betterccflare.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a Logback event as the reference's log line, {@code {"ts","level","msg","logger"}}, plus
 * {@code "requestId"} when the event happened inside a proxied request (the MDC key
 * {@link Logging#REQUEST_ID}), one JSON object and a line break per event. An exception's whole stack
 * trace, causes included, follows the message inside {@code msg}. Stateless; thread-safe.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    /** The entry an event becomes, in the file, the history ring and the live streams alike. */
    static LogEntry entryOf(ILoggingEvent event) {
        String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage();
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            String trace = ThrowableProxyUtil.asString(error).stripTrailing();
            message = message.isEmpty() ? trace : message + "\n" + trace;
        }
        return new LogEntry(event.getTimeStamp(), levelName(event.getLevel()), message, event.getLoggerName(),
                event.getMDCPropertyMap().get(Logging.REQUEST_ID));
    }

    /** TRACE is shown as DEBUG: the reference's levels are DEBUG, INFO, WARN and ERROR. */
    private static String levelName(Level level) {
        return level.toInt() < Level.DEBUG_INT ? "DEBUG" : level.toString();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return (entryOf(event).toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
