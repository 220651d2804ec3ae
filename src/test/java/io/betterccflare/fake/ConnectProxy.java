package io.betterccflare.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;

/**
 * A small forward proxy on 127.0.0.1, as corporate egress proxies behave: {@code CONNECT host:port}
 * opens a tunnel (for {@code https://} targets), and an absolute-form request ({@code POST http://host/...})
 * is forwarded to that host as it came. Records the target and the {@code Proxy-Authorization} of every
 * request. Each connection is served
 * on its own virtual threads. Thread-safe; close once.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public ConnectProxy() throws IOException {
        this(ServerSocketFactory.getDefault());
    }

    /** With a given socket factory: an {@code SSLServerSocketFactory} makes a proxy clients reach over TLS. */
    public ConnectProxy(ServerSocketFactory sockets) throws IOException {
        this.socket = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("connect-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code CONNECT host:port} or {@code GET|POST http://...} lines seen, in order. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** The {@code Proxy-Authorization} value of each request in {@link #targets()} order ({@code ""} when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = RawUpstream.readHeadOnly(in);
            if (head == null) {
                client.close();
                return;
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            authorizations.add(head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authorization:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(""));
            targets.add(requestLine.substring(0, requestLine.lastIndexOf(' ')));
            String[] parts = requestLine.split(" ");
            Socket upstream;
            if (parts[0].equals("CONNECT")) {
                String[] hostPort = parts[1].split(":");
                upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                RawUpstream.write(client.getOutputStream(), "HTTP/1.1 200 Connection established\r\n\r\n");
            } else {
                URI target = URI.create(parts[1]);
                upstream = new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
                upstream.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            }
            open.add(upstream);
            Thread.ofVirtual().start(() -> pipe(upstream, client));
            pipe(client, upstream);
        } catch (IOException e) {
            // Either side went away: the tunnel ends.
            return;
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8_192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed; closing both ends the tunnel.
            return;
        }
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
