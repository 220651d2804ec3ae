package io.betterccflare.fake;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings the fake upstream can apply: {@code gzip}, {@code deflate} (zlib-wrapped),
 * {@code zstd} (aircompressor) and {@code br}. No Brotli encoder is a kept Java library, so {@code br} is
 * written here as the format's uncompressed meta-blocks (RFC 7932 §9.2), a valid stream any decoder reads.
 * Stateless; thread-safe.
 */
public final class Encoders {
    private Encoders() {
    }

    /** The first coding of an {@code accept-encoding} value this class applies, or null. */
    public static String firstKnown(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        for (String part : acceptEncoding.split(",")) {
            String coding = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("deflate") || coding.equals("br") || coding.equals("zstd")) {
                return coding;
            }
        }
        return null;
    }

    public static byte[] encode(String coding, byte[] body) throws IOException {
        if (coding.equals("br")) {
            return brotliStored(body);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (coding) {
            case "gzip" -> new GZIPOutputStream(bytes);
            case "deflate" -> new DeflaterOutputStream(bytes);
            case "zstd" -> new ZstdOutputStream(bytes);
            default -> throw new IllegalArgumentException("unknown coding " + coding);
        }) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    /** Brotli with a 16 KiB window and uncompressed meta-blocks of at most 64 KiB, then an empty last one. */
    private static byte[] brotliStored(byte[] body) {
        BitWriter out = new BitWriter();
        out.bits(0, 1); // WBITS = 16
        for (int start = 0; start < body.length; start += 65_536) {
            int length = Math.min(65_536, body.length - start);
            out.bits(0, 1); // ISLAST = 0
            out.bits(0, 2); // MNIBBLES = 4
            out.bits(length - 1, 16); // MLEN - 1
            out.bits(1, 1); // ISUNCOMPRESSED
            out.align();
            out.bytes(body, start, length);
        }
        out.bits(1, 1); // ISLAST
        out.bits(1, 1); // ISLASTEMPTY
        out.align();
        return out.toByteArray();
    }

    /** Writes bits least significant first, as Brotli reads them. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int used;

        void bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    flushByte();
                }
            }
        }

        void align() {
            if (used > 0) {
                flushByte();
            }
        }

        void bytes(byte[] data, int offset, int length) {
            bytes.write(data, offset, length);
        }

        private void flushByte() {
            bytes.write(current);
            current = 0;
            used = 0;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
