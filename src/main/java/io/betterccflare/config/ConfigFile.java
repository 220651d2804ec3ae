package io.betterccflare.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes settings into {@code better-ccflare.json}: reads the current object, sets the given keys and
 * leaves every other key (known or not) as it was, then replaces the file atomically (a temporary file
 * in the same directory, then a move), keeping its permissions. A file that is not a JSON object is
 * never overwritten. Writers in this process are serialised by a lock; thread-safe.
 */
public final class ConfigFile {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();

    public ConfigFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Sets {@code values} (numbers, strings, booleans) in the file; throws {@link ConfigException} on failure. */
    public void write(Map<String, Object> values) {
        lock.lock();
        try {
            ObjectNode json = read();
            values.forEach((key, value) -> json.set(key, MAPPER.valueToTree(value)));
            replace(MAPPER.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot write config file " + file + ": " + e.getOriginalMessage());
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode read() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return MAPPER.createObjectNode();
            }
            JsonNode node = MAPPER.readTree(bytes);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new ConfigException("Config file " + file + " does not hold a JSON object; not changing it");
        } catch (NoSuchFileException e) {
            return MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new ConfigException("Config file " + file + " is not valid JSON; not changing it");
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private void replace(byte[] content) {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            Files.write(temp, content);
            copyPermissions(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new ConfigException("Cannot write config file " + file + ": " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Only a stray temporary file is left; the config file itself is untouched.
                }
            }
        }
    }

    private void copyPermissions(Path temp) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.exists(file)
                    ? Files.getPosixFilePermissions(file)
                    : PosixFilePermissions.fromString("rw-------");
            Files.setPosixFilePermissions(temp, permissions);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the temporary file keeps the directory's default access.
        }
    }
}
