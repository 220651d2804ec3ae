package io.betterccflare.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends one hand-written HTTP/1.1 request over a socket and returns the whole response text, for headers the JDK
 * client refuses to set ({@code Host}). {@code Connection: close} is added. Stateless.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The response (status line, headers, body) to {@code head} (request line and headers, no blank line) and body. */
    static String send(int port, String head, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String request = head + "\r\nConnection: close\r\n" + (payload.length > 0 ? "Content-Length: " + payload.length + "\r\n" : "") + "\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
