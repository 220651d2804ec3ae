package io.betterccflare.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the last entries of a log file (continuing into the rotated files when needed), for
 * {@code --logs N}, which runs in another process than the server. Lines that are not our JSON are
 * skipped. Stateless.
 */
public final class LogTail {
    private LogTail() {
    }

    /** Up to {@code count} entries, oldest first; a missing file gives none. */
    public static List<LogEntry> read(Path file, int count) throws IOException {
        return LogFile.tail(file, count).stream().map(LogEntry::parse).flatMap(Optional::stream).toList();
    }
}
