package io.betterccflare.logging;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads the last entries of a log file, continuing into the rotated files ({@code app.log.1},
 * {@code app.log.2}...) when the current one has fewer: for {@code --logs N}, which runs in another
 * process than the server, and for the history ring at startup. Lines that are not our JSON are
 * skipped. Stateless.
 */
public final class LogTail {
    private LogTail() {
    }

    /** Up to {@code count} entries, oldest first; a missing file gives none. */
    public static List<LogEntry> read(Path file, int count) throws IOException {
        return lines(file, count).stream().map(LogEntry::parse).flatMap(Optional::stream).toList();
    }

    /** The name of rotated file number {@code index} next to {@code file}. */
    static Path rotated(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private static List<String> lines(Path file, int count) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        for (int index = 0; lines.size() < count; index++) {
            Path source = index == 0 ? file : rotated(file, index);
            if (!Files.exists(source)) {
                if (index == 0) {
                    continue;
                }
                break;
            }
            List<String> part = tailOne(source, count - lines.size());
            for (int i = part.size() - 1; i >= 0; i--) {
                lines.addFirst(part.get(i));
            }
        }
        return new ArrayList<>(lines);
    }

    /** Reads backwards in blocks so that a large file costs only what the tail needs. */
    private static List<String> tailOne(Path file, int count) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long start = end;
            int newlines = 0;
            byte[] block = new byte[8192];
            // Count count+1 line breaks from the end (the last byte is normally the final line's break).
            while (start > 0 && newlines <= count) {
                int length = (int) Math.min(block.length, start);
                start -= length;
                raf.seek(start);
                raf.readFully(block, 0, length);
                for (int i = length - 1; i >= 0; i--) {
                    if (block[i] == '\n' && start + i != end - 1) {
                        newlines++;
                        if (newlines == count) {
                            return read(raf, start + i + 1, end, count);
                        }
                    }
                }
            }
            return read(raf, 0, end, count);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static List<String> read(RandomAccessFile raf, long from, long to, int count) throws IOException {
        byte[] bytes = new byte[(int) (to - from)];
        raf.seek(from);
        raf.readFully(bytes);
        List<String> lines = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList());
        return lines.size() > count ? lines.subList(lines.size() - count, lines.size()) : lines;
    }
}
