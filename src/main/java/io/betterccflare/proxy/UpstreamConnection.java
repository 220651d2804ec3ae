package io.betterccflare.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection to an upstream origin, plain or TLS (SNI, host name verification, ALPN
 * {@code http/1.1}), written and read with blocking calls from the virtual thread that holds it. It owns
 * a read buffer shared by the response head and body readers. Used by one thread at a time: the holder,
 * or the pool while idle; {@link #close()} may come from any thread to abort a blocked call.
 */
final class UpstreamConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);
    private static final int BUFFER = 16_384;
    private static final int MAX_LINE = 65_536;
    private static final int SINGLE_WRITE = 65_536;

    private final String origin;
    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private int position;
    private int limit;
    private long idleSince;
    private boolean used;

    private UpstreamConnection(String origin, SocketChannel channel, Socket socket) throws IOException {
        this.origin = origin;
        this.channel = channel;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects (and for TLS completes the handshake) within {@code connectTimeoutMs}; reads time out after {@code readTimeoutMs}. */
    static UpstreamConnection open(String origin, boolean tls, String host, int port, SSLSocketFactory tlsFactory,
                                   int connectTimeoutMs, int readTimeoutMs) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            Socket plain = channel.socket();
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            Socket socket = plain;
            if (tls) {
                SSLSocket secure = (SSLSocket) tlsFactory.createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(new String[] {"http/1.1"});
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(connectTimeoutMs);
                secure.startHandshake();
                socket = secure;
            }
            socket.setSoTimeout(readTimeoutMs);
            return new UpstreamConnection(origin, channel, socket);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    String origin() {
        return origin;
    }

    /** True once a request went out on this connection (it came from the pool, or will go back to it). */
    boolean used() {
        return used;
    }

    long idleSince() {
        return idleSince;
    }

    void idle(long now) {
        idleSince = now;
    }

    /**
     * True when an idle connection can carry a request: nothing is buffered and the peer has neither
     * closed it nor sent anything unasked (a close or stray bytes both mean it is not reusable).
     */
    boolean reusable() {
        if (position != limit || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the request line, {@code host}, the headers, {@code content-length} and the body. Returns
     * normally only when everything was handed to the socket. A failure of the very first write means
     * no byte left this process: {@link NothingSent} says so, so the caller may retry elsewhere.
     */
    void write(String method, String target, String host, List<Map.Entry<String, String>> headers, byte[] body,
               boolean declareLength) throws IOException {
        used = true;
        RequestHead head = new RequestHead(256 + headers.size() * 64 + (body.length <= SINGLE_WRITE ? body.length : 0));
        head.requestLine(method, target);
        head.field("host", host);
        for (Map.Entry<String, String> header : headers) {
            head.field(header.getKey(), header.getValue());
        }
        if (declareLength || body.length > 0) {
            head.field("content-length", Integer.toString(body.length));
        }
        head.end();
        boolean together = body.length <= SINGLE_WRITE;
        if (together) {
            head.append(body);
        }
        try {
            out.write(head.bytes(), 0, head.length());
        } catch (IOException e) {
            throw new NothingSent(e);
        }
        if (!together) {
            out.write(body);
        }
        out.flush();
    }

    /** The first write failed: the upstream cannot have seen any part of the request. */
    static final class NothingSent extends IOException {
        NothingSent(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** One line of the response head without its CRLF, in ISO-8859-1. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && fill() < 0) {
                throw new IOException("upstream closed the connection in the middle of a response head");
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean complete = position < limit;
            int end = position;
            if (complete) {
                position++;
            }
            String part = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
            if (line == null && complete) {
                return trimCr(part);
            }
            if (line == null) {
                line = new StringBuilder(part);
            } else {
                line.append(part);
            }
            if (line.length() > MAX_LINE) {
                throw new IOException("upstream sent a response head line longer than " + MAX_LINE + " bytes");
            }
            if (complete) {
                return trimCr(line.toString());
            }
        }
    }

    private static String trimCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Reads up to {@code length} bytes: buffered ones first, else one socket read; -1 at the end of the stream. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position < limit) {
            int count = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, count);
            position += count;
            return count;
        }
        if (length >= BUFFER) {
            return in.read(target, offset, length);
        }
        if (fill() < 0) {
            return -1;
        }
        return read(target, offset, length);
    }

    private int fill() throws IOException {
        int read = in.read(buffer, 0, BUFFER);
        position = 0;
        limit = Math.max(read, 0);
        return read;
    }

    /** Closes at once, from any thread: a call blocked on this connection fails with an {@link IOException}. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing an upstream connection to {} failed: {}", origin, e.getMessage());
        }
    }
}
