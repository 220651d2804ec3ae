package io.betterccflare.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 upstream on 127.0.0.1 for what a real server library will not send: broken
 * framing, heads trickled a byte at a time, keep-alive connections dropped under a request. Each accepted
 * connection runs {@link Script} on its own virtual thread; the script reads heads with
 * {@link #readRequest} and writes what it likes. Records every request head. Thread-safe; close once.
 */
public final class RawUpstream implements AutoCloseable {

    /** What one connection does; {@code connection} counts connections from 1, {@code request} requests on it from 1. */
    public interface Script {
        /** Returns false to close the connection, true to wait for the next request on it. */
        boolean answer(int connection, int request, String head, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public RawUpstream(Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread.ofVirtual().name("raw-upstream-accept").start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Every request head received, in order. */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket accepted = socket.accept();
                open.add(accepted);
                int number = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(accepted, number));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket accepted, int number) {
        try (accepted) {
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            for (int request = 1; ; request++) {
                String head = readRequest(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                if (!script.answer(number, request, head, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The peer went away; nothing to answer.
            return;
        }
    }

    /** Reads a request head and its Content-Length body; null at the end of the connection. */
    public static String readRequest(InputStream in) throws IOException {
        String text = readHeadOnly(in);
        if (text == null) {
            return null;
        }
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    /** Reads a head up to its blank line (ISO-8859-1), leaving any body; null at the end of the connection. */
    public static String readHeadOnly(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes ASCII text and flushes. */
    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A complete keep-alive JSON answer. */
    public static String json(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\ncontent-type: application/json\r\ncontent-length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Override
    public void close() {
        try {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        } catch (IOException e) {
            // Closing anyway.
            return;
        }
    }
}
