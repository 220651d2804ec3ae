package io.betterccflare.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Logback's rolling file appender, except that every log file it opens (at start and after each
 * rotation) is readable by the owner only ({@code 0600}): logs name accounts and requests. On file
 * systems without POSIX permissions it behaves as the plain appender. Used by Logback's single writer
 * thread (behind the {@code AsyncAppender}).
 */
final class PrivateFileAppender extends RollingFileAppender<ILoggingEvent> {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName);
        if (POSIX) {
            Path parent = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        }
        super.openFile(fileName);
    }
}
