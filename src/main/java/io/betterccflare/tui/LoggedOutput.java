package io.betterccflare.tui;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for {@code System.out}/{@code System.err} while the terminal UI owns the screen: each line
 * becomes a WARN log entry, so stray prints never break the display. Thread-safe (synchronized).
 */
final class LoggedOutput extends OutputStream {
    private final Logger log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LoggedOutput(String stream) {
        this.log = LoggerFactory.getLogger("console." + stream);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (line.size() < 8192) {
            line.write(b);
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        line.reset();
        if (!text.isEmpty()) {
            log.warn("{}", text);
        }
    }
}
