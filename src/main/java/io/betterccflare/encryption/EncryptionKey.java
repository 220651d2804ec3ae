package io.betterccflare.encryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The database encryption key: exactly 32 random bytes (AES-256), written in base64 (standard or URL-safe
 * alphabet, padding optional), as {@code openssl rand -base64 32} prints it. Given by
 * {@code BETTER_CCFLARE_ENCRYPTION_KEY}, or by a file named in {@code BETTER_CCFLARE_ENCRYPTION_KEY_FILE} that
 * holds the base64 text (surrounding white space ignored) and that only its owner may read (mode 0600 or 0400).
 *
 * <p>{@link #id()} names the key without revealing it: the first 12 hex digits of SHA-256 over a fixed label and
 * the key. Stored values carry it, so a wrong key is recognised before any decryption is tried. {@code toString}
 * shows only the id. Immutable; thread-safe.
 */
public final class EncryptionKey {
    /** Key length in bytes (AES-256). */
    public static final int BYTES = 32;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final SecretKeySpec spec;
    private final String id;

    private EncryptionKey(byte[] bytes) {
        this.spec = new SecretKeySpec(bytes, "AES");
        this.id = idOf(bytes);
    }

    /**
     * Parses base64 text into a key. {@code source} names where the text came from (an environment variable or a
     * file) for the error message, which never repeats the text.
     *
     * @throws EncryptionException when the text is not base64 or does not decode to exactly {@value #BYTES} bytes
     */
    public static EncryptionKey parse(String base64, String source) {
        String text = base64 == null ? "" : base64.strip();
        byte[] bytes;
        try {
            bytes = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(text);
        } catch (IllegalArgumentException e) {
            throw new EncryptionException("The encryption key from " + source + " is not base64 (make one with: openssl rand -base64 32)");
        }
        if (bytes.length != BYTES) {
            throw new EncryptionException("The encryption key from " + source + " must be " + BYTES
                    + " bytes in base64, not " + bytes.length + " (make one with: openssl rand -base64 32)");
        }
        return new EncryptionKey(bytes);
    }

    /**
     * Reads a key file: it must exist, be a regular file readable by its owner only (no group or other
     * permission bits; checked where the file system has POSIX permissions), and hold one base64 key.
     *
     * @throws EncryptionException naming the file when any of that does not hold
     */
    public static EncryptionKey fromFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new EncryptionException("The encryption key file " + file + " does not exist or is not a file");
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(OTHERS::contains)) {
                    throw new EncryptionException("The encryption key file " + file + " may be read or written by others"
                            + " (mode " + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                            + "); allow its owner only: chmod 600 " + file);
                }
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the user's profile directory protects the file.
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
        } catch (NoSuchFileException e) {
            throw new EncryptionException("The encryption key file " + file + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new EncryptionException("The encryption key file " + file + " is not text");
        } catch (IOException e) {
            throw new EncryptionException("The encryption key file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The key's public name: 12 hex digits, the same for the same key everywhere. */
    public String id() {
        return id;
    }

    SecretKeySpec spec() {
        return spec;
    }

    private static String idOf(byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("better-ccflare encryption key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKey[id=" + id + "]";
    }
}
