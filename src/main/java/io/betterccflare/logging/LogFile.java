package io.betterccflare.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JSON-lines log file with a size cap: when a line would push {@code app.log} over
 * {@code maxBytes}, it becomes {@code app.log.1} (older files shift up, the oldest beyond
 * {@code keepFiles} is deleted) and a new {@code app.log} starts. Opened lazily on the first line.
 * Writing never throws: the first I/O failure is reported once on stderr and later lines are dropped
 * until a write works again. Thread-safe (one lock around open, write and rotate).
 */
final class LogFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;
    private long size;
    private boolean failureReported;

    LogFile(Path file, long maxBytes, int keepFiles) {
        if (maxBytes < 1 || keepFiles < 0) {
            throw new IllegalArgumentException("maxBytes must be positive and keepFiles not negative");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
    }

    Path path() {
        return file;
    }

    /** Appends one line (a line break is added). */
    void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + bytes.length > maxBytes) {
                rotate();
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
            failureReported = false;
        } catch (IOException e) {
            closeQuietly();
            if (!failureReported) {
                failureReported = true;
                System.err.println("better-ccflare: cannot write the log file " + file + ": " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        closeQuietly();
        if (keepFiles == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(file, keepFiles));
            for (int i = keepFiles - 1; i >= 1; i--) {
                Path from = rotated(file, i);
                if (Files.exists(from)) {
                    Files.move(from, rotated(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // The stream is abandoned either way; the next append reopens the file.
            }
            out = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    static Path rotated(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    /**
     * The last {@code count} lines of the log, oldest first, continuing into {@code app.log.1},
     * {@code app.log.2}... when the current file has fewer. Missing files read as empty.
     */
    static List<String> tail(Path file, int count) throws IOException {
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
                            start = start + i + 1;
                            return read(raf, start, end, count);
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
