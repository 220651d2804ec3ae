import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What decoding a compressed upstream answer costs the proxy, for the compression decision of issue 10
 * (bench/RESULTS.md, "Compression"): encoded size and decode CPU per response for a typical non-streaming
 * Messages JSON and a typical SSE stream, gzip and zstd. Run from the repository root:
 * java -cp ~/.m2/repository/io/airlift/aircompressor/2.0.3/aircompressor-2.0.3.jar bench/CompressionCost.java
 */
public class CompressionCost {
    public static void main(String[] args) throws IOException {
        byte[] json = json(1_200);
        byte[] sse = sse(120);
        for (String coding : new String[] {"gzip", "zstd"}) {
            report(coding, "JSON reply", json);
            report(coding, "SSE stream", sse);
        }
    }

    private static void report(String coding, String what, byte[] body) throws IOException {
        byte[] encoded = encode(coding, body);
        for (int i = 0; i < 20_000; i++) {
            decode(coding, encoded);
        }
        int rounds = 50_000;
        long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            decode(coding, encoded);
        }
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
        System.out.printf(Locale.ROOT, "| %s | %s | %,d B | %,d B | %.1f µs |%n", what, coding, body.length, encoded.length,
                cpu / 1_000.0 / rounds);
    }

    private static byte[] encode(String coding, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = coding.equals("gzip") ? new GZIPOutputStream(bytes) : new ZstdOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private static int decode(String coding, byte[] encoded) throws IOException {
        InputStream raw = new ByteArrayInputStream(encoded);
        try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(raw, 8_192) : new ZstdInputStream(raw)) {
            return in.readAllBytes().length;
        }
    }

    /** A Messages reply whose text has about {@code chars} characters of prose. */
    private static byte[] json(int chars) {
        return ("{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"" + prose(chars) + "\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":18230,\"output_tokens\":503,"
                + "\"service_tier\":\"standard\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** An SSE stream with {@code deltas} text deltas of a few words each, framed as Anthropic frames it. */
    private static byte[] sse(int deltas) {
        StringBuilder s = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
                + "\"msg_01X\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":18230,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n");
        String prose = prose(deltas * 24);
        for (int i = 0; i < deltas; i++) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"").append(prose, i * 24, i * 24 + 24).append("\"}}\n\n");
        }
        s.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":503}}\n\nevent: message_stop\ndata: "
                + "{\"type\":\"message_stop\"}\n\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Words drawn at random (fixed seed) from a small vocabulary: compresses about as well as English prose. */
    private static String prose(int chars) {
        String[] words = ("the proxy relays each event as it arrives and records usage from final message delta while "
                + "client renders text tokens one by so latency matters more than bytes on wire account session cache "
                + "request response stream header body error retry window limit model cost input output thinking tool "
                + "function result value file line code test build server database query index table row column").split(" ");
        java.util.Random random = new java.util.Random(42);
        StringBuilder s = new StringBuilder();
        while (s.length() < chars) {
            s.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
        }
        return s.substring(0, chars);
    }
}
