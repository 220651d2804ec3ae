package io.betterccflare.proxy;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes an upstream's {@code content-encoding} so the proxy records (usage, model, error message, stored
 * payload) and relays readable bytes. The proxy asks upstreams for {@code identity} (bench/RESULTS.md,
 * "Compression"); this is for upstreams that compress anyway. Codings: {@code gzip} / {@code x-gzip},
 * {@code deflate} (zlib-wrapped as RFC 9110 says, or raw as some servers send it), {@code br} (Brotli,
 * {@code org.brotli:dec}), {@code zstd} (aircompressor); several codings are undone last first.
 * Stateless; thread-safe.
 */
final class ContentDecoding {
    private static final Set<String> KNOWN = Set.of("gzip", "x-gzip", "deflate", "br", "zstd", "identity");

    private ContentDecoding() {
    }

    /** The codings of a {@code content-encoding} header, lower case, in the order applied; empty for none. */
    static List<String> codings(String contentEncoding) {
        List<String> codings = new ArrayList<>(1);
        if (contentEncoding != null) {
            for (String part : contentEncoding.split(",")) {
                String coding = part.trim().toLowerCase(Locale.ROOT);
                if (!coding.isEmpty() && !coding.equals("identity")) {
                    codings.add(coding);
                }
            }
        }
        return codings;
    }

    /** True when every coding is one this class undoes. */
    static boolean decodable(List<String> codings) {
        return KNOWN.containsAll(codings);
    }

    /** {@code raw} with the codings undone, decoding as bytes arrive (a streamed body stays streamed). */
    static InputStream decode(List<String> codings, InputStream raw) throws IOException {
        InputStream decoded = raw;
        for (String coding : codings.reversed()) {
            decoded = switch (coding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(decoded, 8_192);
                case "deflate" -> deflate(decoded);
                case "br" -> new BrotliInputStream(decoded);
                case "zstd" -> new ZstdInputStream(decoded);
                default -> throw new IOException("unsupported content-encoding " + coding);
            };
        }
        return decoded;
    }

    /** zlib-wrapped deflate (first byte 0x?8 with a valid header checksum), else raw deflate. */
    private static InputStream deflate(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        int first = in.read();
        int second = first < 0 ? -1 : in.read();
        if (second >= 0) {
            in.unread(second);
        }
        if (first >= 0) {
            in.unread(first);
        }
        boolean zlib = first >= 0 && second >= 0 && (first & 0x0f) == 8 && ((first << 8) | second) % 31 == 0;
        return new InflaterInputStream(in, new Inflater(!zlib), 8_192);
    }
}
