import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark-only fake Anthropic upstream: a raw-socket HTTP/1.1 server on loopback, one virtual thread per
 * connection, keep-alive, TCP_NODELAY, no allocation-heavy framework in the way.
 *
 * <p>{@code POST /v1/messages} answers a Messages JSON body (with Content-Length), or, when the request body
 * contains {@code "stream":true}, an SSE stream in chunked encoding, one flushed chunk per event, framed as
 * Anthropic frames it. The number of text deltas and the delay before each come from the request header
 * {@code x-bench-events} / {@code x-bench-delay-ms}, else the query parameters {@code events} / {@code delay_ms}
 * (defaults 10 and 0). {@code message_start} goes out in the same write as the response headers. Every
 * response carries {@code request-id} and unified plus classic rate-limit headers so a proxy does its usual
 * header work. {@code GET /health} answers 200; other paths 404 with the Anthropic error envelope.
 *
 * <p>Run: {@code java bench/FakeUpstream.java [port]} (0 or absent = any free port). Prints
 * {@code LISTENING <port>} on stdout once bound. Thread-safe: connections share only counters.
 */
public final class FakeUpstream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final String COMMON_HEADERS =
            "anthropic-ratelimit-unified-status: allowed\r\n"
            + "anthropic-ratelimit-unified-reset: 4102444800\r\n"
            + "anthropic-ratelimit-unified-representative-claim: five_hour\r\n"
            + "anthropic-ratelimit-unified-5h-status: allowed\r\n"
            + "anthropic-ratelimit-unified-5h-reset: 4102444800\r\n"
            + "anthropic-ratelimit-unified-5h-utilization: 0.12\r\n"
            + "anthropic-ratelimit-unified-7d-status: allowed\r\n"
            + "anthropic-ratelimit-unified-7d-reset: 4102444800\r\n"
            + "anthropic-ratelimit-unified-7d-utilization: 0.34\r\n"
            + "anthropic-ratelimit-requests-limit: 4000\r\n"
            + "anthropic-ratelimit-requests-remaining: 3999\r\n"
            + "anthropic-ratelimit-requests-reset: 2099-01-01T00:00:00Z\r\n";
    private static final byte[] MESSAGE_JSON = ("{\"id\":\"msg_01BenchBenchBenchBench\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello from the fake upstream.\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
            + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},"
            + "\"output_tokens\":6,\"service_tier\":\"standard\"}}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EV_START = event("message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01BenchBenchBenchBench\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,"
            + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}");
    private static final byte[] EV_BLOCK_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    private static final byte[] EV_PING = event("ping", "{\"type\": \"ping\"}");
    private static final byte[] EV_DELTA = event("content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello, world \"}}");
    private static final byte[] EV_BLOCK_STOP = event("content_block_stop",
            "{\"type\":\"content_block_stop\",\"index\":0}");
    private static final byte[] EV_MESSAGE_DELTA = event("message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":12}}");
    private static final byte[] EV_STOP = event("message_stop", "{\"type\":\"message_stop\"}");

    private FakeUpstream() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        System.out.println("LISTENING " + server.getLocalPort());
        System.out.flush();
        while (true) {
            Socket socket = server.accept();
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    private static byte[] event(String name, String json) {
        return ("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Reader in = new Reader(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                REQUESTS.incrementAndGet();
                respond(request, out);
                if (request.close) {
                    return;
                }
            }
        } catch (SocketException | EOFException e) {
            // The peer went away (client disconnect or proxy cancelling a stream): nothing to answer.
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("fake upstream: connection failed: " + e);
        }
    }

    private static void respond(Request request, OutputStream out) throws IOException {
        String connection = request.close ? "connection: close\r\n" : "";
        String requestId = "request-id: req_bench" + REQUESTS.get() + "\r\n";
        if (request.method.equals("GET") && request.path.equals("/health")) {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n" + connection + "\r\n", body);
            return;
        }
        if (!request.method.equals("POST") || !request.path.equals("/v1/messages")) {
            byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not found: "
                    + request.path + "\"}}").getBytes(StandardCharsets.US_ASCII);
            write(out, "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n" + requestId
                    + "content-length: " + body.length + "\r\n" + connection + "\r\n", body);
            return;
        }
        if (!request.stream) {
            write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + requestId + COMMON_HEADERS
                    + "content-length: " + MESSAGE_JSON.length + "\r\n" + connection + "\r\n", MESSAGE_JSON);
            return;
        }
        int events = request.intParam("x-bench-events", "events", 10);
        long delayMs = request.intParam("x-bench-delay-ms", "delay_ms", 0);
        byte[] head = ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n"
                + requestId + COMMON_HEADERS + "transfer-encoding: chunked\r\n" + connection + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        out.write(concat(head, chunkBytes(EV_START)));
        out.flush();
        chunk(out, EV_BLOCK_START);
        chunk(out, EV_PING);
        for (int i = 0; i < events; i++) {
            if (delayMs > 0) {
                sleep(delayMs);
            }
            chunk(out, EV_DELTA);
        }
        chunk(out, EV_BLOCK_STOP);
        chunk(out, EV_MESSAGE_DELTA);
        chunk(out, EV_STOP);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write(chunkBytes(data));
        out.flush();
    }

    private static byte[] chunkBytes(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return concat(concat(size, data), CRLF);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void write(OutputStream out, String head, byte[] body) throws IOException {
        out.write(concat(head.getBytes(StandardCharsets.US_ASCII), body));
        out.flush();
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A parsed request; the body is consumed and only inspected for {@code "stream":true}. */
    private record Request(String method, String path, String query, String benchEvents, String benchDelay,
                           boolean stream, boolean close) {

        static Request read(Reader in) throws IOException {
            String line = in.line();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                line = in.line();
                if (line == null) {
                    return null;
                }
            }
            String[] parts = line.split(" ", 3);
            if (parts.length < 3) {
                throw new IOException("bad request line: " + line);
            }
            String target = parts[1];
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            String query = q < 0 ? "" : target.substring(q + 1);
            long length = 0;
            boolean chunked = false;
            boolean close = parts[2].equals("HTTP/1.0");
            String events = null;
            String delay = null;
            for (String h = in.line(); h != null && !h.isEmpty(); h = in.line()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "x-bench-events" -> events = value;
                    case "x-bench-delay-ms" -> delay = value;
                    default -> { }
                }
            }
            byte[] body = chunked ? in.chunkedBody() : in.bytes(length);
            String text = new String(body, StandardCharsets.ISO_8859_1);
            boolean stream = text.contains("\"stream\":true") || text.contains("\"stream\": true");
            return new Request(parts[0], path, query, events, delay, stream, close);
        }

        int intParam(String header, String queryName, int fallback) {
            String value = header.equals("x-bench-events") ? benchEvents : benchDelay;
            if (value == null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith(queryName + "=")) {
                        value = pair.substring(queryName.length() + 1);
                    }
                }
            }
            return value == null ? fallback : Integer.parseInt(value);
        }
    }

    /** Buffered reader of CRLF lines and byte counts over a socket stream; one per connection. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int end;

        Reader(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (pos < end) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                if (!fill()) {
                    return sb.isEmpty() ? null : sb.toString();
                }
                while (pos < end) {
                    byte b = buf[pos++];
                    if (b == '\n') {
                        int len = sb.length();
                        if (len > 0 && sb.charAt(len - 1) == '\r') {
                            sb.setLength(len - 1);
                        }
                        return sb.toString();
                    }
                    sb.append((char) (b & 0xff));
                }
            }
        }

        byte[] bytes(long count) throws IOException {
            byte[] out = new byte[Math.toIntExact(count)];
            int off = 0;
            while (off < out.length) {
                if (!fill()) {
                    throw new EOFException("body truncated");
                }
                int n = Math.min(end - pos, out.length - off);
                System.arraycopy(buf, pos, out, off, n);
                pos += n;
                off += n;
            }
            return out;
        }

        byte[] chunkedBody() throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    throw new EOFException("chunked body truncated");
                }
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                        // trailers are read and ignored
                    }
                    return body.toByteArray();
                }
                body.write(bytes(size));
                line();
            }
        }
    }
}
