package io.betterccflare.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens single column values with AES-256-GCM ({@code javax.crypto}, {@code AES/GCM/NoPadding}), a
 * random 96-bit nonce per value and a 128-bit tag. A sealed value is self-describing text:
 *
 * <pre>{@code bcf-enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag), no padding>}</pre>
 *
 * so clear and sealed values can share a column while a database is converted, and a value sealed with another
 * key is recognised by its key id. The associated data is {@code "bcf-enc:v1:" + table.column + ":" + row id}: a
 * sealed value moved to another row or column does not open. A value without the prefix is clear and opens as
 * itself; a sealed value with no key configured, with another key, or with a tag that does not match is an
 * {@link EncryptionException} naming the column and row, never the value.
 *
 * <p>{@link #NONE} is the cipher without a key: it stores values clear, as before issue 15. Sealing costs about
 * a microsecond plus ~1 ns per byte (bench/EncryptionCost.java). Thread-safe: a JCE {@link Cipher} is made per call.
 */
public final class FieldCipher {
    /** The prefix of every sealed value (format version 1). */
    public static final String PREFIX = "bcf-enc:v1:";
    /** The cipher without a key: values are written clear, and sealed values cannot be opened. */
    public static final FieldCipher NONE = new FieldCipher(null);

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionKey key;

    private FieldCipher(EncryptionKey key) {
        this.key = key;
    }

    /** The cipher that seals with {@code key}; {@link #NONE} when {@code key} is null. */
    public static FieldCipher of(EncryptionKey key) {
        return key == null ? NONE : new FieldCipher(key);
    }

    /** Whether this cipher seals (a key is configured). */
    public boolean sealing() {
        return key != null;
    }

    /** The id of the key this cipher seals with, or null for {@link #NONE}. */
    public String keyId() {
        return key == null ? null : key.id();
    }

    /** Whether a stored value is sealed (has the prefix), whatever its key. */
    public static boolean sealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /**
     * The value to store for {@code clear} in {@code field} of the row {@code rowId}: sealed with this cipher's key,
     * or {@code clear} itself for {@link #NONE}. Null stays null.
     */
    public String seal(SecretField field, String rowId, String clear) {
        if (clear == null || key == null) {
            return clear;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(field, rowId));
            byte[] plain = clear.getBytes(StandardCharsets.UTF_8);
            byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
            return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The clear value of {@code stored} read from {@code field} of the row {@code rowId}: clear values as they are,
     * sealed ones opened with this cipher's key. Null stays null.
     *
     * @throws EncryptionException when the value is sealed and this cipher has no key or another key, or when the
     *                             value does not authenticate for this field and row
     */
    public String open(SecretField field, String rowId, String stored) {
        if (!sealed(stored)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        String where = field.qualifiedName() + " of row " + rowId;
        if (colon < 0) {
            throw new EncryptionException("The sealed value in " + where + " is malformed");
        }
        String storedKeyId = stored.substring(PREFIX.length(), colon);
        if (key == null) {
            throw new EncryptionException("The value in " + where + " is encrypted (key " + storedKeyId
                    + ") but no encryption key is configured");
        }
        if (!storedKeyId.equals(key.id())) {
            throw new EncryptionException("The value in " + where + " is encrypted with key " + storedKeyId
                    + ", not with the configured key " + key.id());
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
            if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new EncryptionException("The sealed value in " + where + " is malformed");
            }
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(field, rowId));
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EncryptionException("The sealed value in " + where + " is malformed");
        } catch (AEADBadTagException e) {
            throw new EncryptionException("The value in " + where + " does not authenticate with key " + key.id()
                    + " (altered, or copied from another row or column)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK: " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] associatedData(SecretField field, String rowId) {
        return (PREFIX + field.qualifiedName() + ":" + rowId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return key == null ? "FieldCipher[none]" : "FieldCipher[key=" + key.id() + "]";
    }
}
