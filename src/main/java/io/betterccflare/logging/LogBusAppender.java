package io.betterccflare.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Feeds every event to the in-memory {@link LogBus} behind {@code /api/logs/history},
 * {@code /api/logs/stream} and the terminal UI's Logs screen. It runs on the logging thread but does no
 * I/O: the bus only appends to a ring and offers to each subscriber's bounded queue. Unsynchronized
 * (Logback's synchronized base would pin virtual threads); thread-safe because the bus is.
 */
final class LogBusAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final LogBus bus;

    LogBusAppender(LogBus bus) {
        this.bus = bus;
    }

    @Override
    protected void append(ILoggingEvent event) {
        bus.publish(JsonLineEncoder.entryOf(event));
    }
}
