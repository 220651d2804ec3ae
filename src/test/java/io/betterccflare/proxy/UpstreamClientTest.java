package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream HTTP/1.1 client on the wire, against small raw-socket servers in this JVM: TLS with a
 * certificate made at test time (trusted, and refused for the wrong host name), body framings, keep-alive
 * reuse, and a pooled connection the server closed (the request goes out once, on a new connection).
 */
class UpstreamClientTest {
    private static final String JSON = "{\"ok\":true}";

    @TempDir
    Path temp;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** Serves each connection with {@code script}; counts connections; records every request head. */
    private final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();

        RawServer(ServerSocket socket, Script script) {
            this.socket = socket;
            open.add(this);
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        open.add(connection);
                        int number = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(connection, number, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket connection, int number, Script script) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (int exchange = 1; ; exchange++) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    requests.add(head + body);
                    if (!script.answer(number, exchange, out)) {
                        return;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                requests.add("failed: " + e.getMessage());
            } finally {
                closed.incrementAndGet();
            }
        }

        URI uri(String host, String scheme) {
            return URI.create(scheme + "://" + host + ":" + socket.getLocalPort() + "/v1/messages?beta=true");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @FunctionalInterface
    private interface Script {
        /** Writes the answer to one request; false closes the connection afterwards. */
        boolean answer(int connection, int exchange, OutputStream out) throws IOException;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Script fixed(String body) {
        return (connection, exchange, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nX-Seen: " + connection + "/" + exchange + "\r\n\r\n" + body);
            return true;
        };
    }

    private UpstreamClient client(SSLContext tls) {
        UpstreamClient client = new UpstreamClient(Clock.systemUTC(), tls);
        open.add(client);
        return client;
    }

    private static UpstreamRequest post(URI target, String body) {
        return new UpstreamRequest("POST", target, List.of(Map.entry("content-type", "application/json"),
                Map.entry("x-api-key", "sk-test")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String readAll(UpstreamResponse upstreamResponse) throws IOException {
        try (InputStream body = upstreamResponse.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private RawServer plainServer(Script script) throws IOException {
        return new RawServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    @Test
    void sends_host_and_content_length_and_reuses_the_connection() throws Exception {
        RawServer server = plainServer(fixed(JSON));
        UpstreamClient client = client(SSLContext.getDefault());

        UpstreamResponse first = client.send(post(server.uri("127.0.0.1", "http"), "{\"a\":1}"), new ClientLink());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-SEEN")).isEqualTo("1/1");
        assertThat(readAll(first)).isEqualTo(JSON);
        UpstreamResponse second = client.send(post(server.uri("127.0.0.1", "http"), "{\"a\":2}"), new ClientLink());
        assertThat(second.header("x-seen")).isEqualTo("1/2");
        assertThat(readAll(second)).isEqualTo(JSON);

        assertThat(server.connections).hasValue(1);
        assertThat(server.requests.getFirst()).isEqualTo("POST /v1/messages?beta=true HTTP/1.1\r\nhost: 127.0.0.1:"
                + server.socket.getLocalPort() + "\r\ncontent-type: application/json\r\nx-api-key: sk-test\r\n"
                + "content-length: 7\r\n\r\n{\"a\":1}");
    }

    @Test
    void chunked_bodies_come_back_de_chunked_one_chunk_per_read() throws Exception {
        RawServer server = plainServer((connection, exchange, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            write(out, "6;ext=1\r\nevent:\r\n");
            write(out, "F\r\ndata: {\"a\":1}\n\n\r\n");
            write(out, "0\r\nx-trailer: yes\r\n\r\n");
            return true;
        });
        UpstreamClient client = client(SSLContext.getDefault());

        UpstreamResponse upstreamResponse = client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink());
        byte[] buffer = new byte[1024];
        try (InputStream body = upstreamResponse.body()) {
            assertThat(new String(buffer, 0, body.read(buffer), StandardCharsets.UTF_8)).isEqualTo("event:");
            assertThat(new String(buffer, 0, body.read(buffer), StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":1}\n\n");
            assertThat(body.read(buffer)).isEqualTo(-1);
        }
        assertThat(readAll(client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink())))
                .isEqualTo("event:data: {\"a\":1}\n\n");
        assertThat(server.connections).hasValue(1);
    }

    @Test
    void a_body_delimited_by_close_is_read_to_the_end_and_the_connection_is_not_reused() throws Exception {
        RawServer server = plainServer((connection, exchange, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + JSON);
            return false;
        });
        UpstreamClient client = client(SSLContext.getDefault());

        assertThat(readAll(client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink()))).isEqualTo(JSON);
        assertThat(readAll(client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink()))).isEqualTo(JSON);
        assertThat(server.connections).hasValue(2);
    }

    @Test
    void a_body_cut_short_fails_the_read() throws Exception {
        RawServer server = plainServer((connection, exchange, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + JSON);
            return false;
        });
        UpstreamClient client = client(SSLContext.getDefault());

        UpstreamResponse upstreamResponse = client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink());
        assertThatThrownBy(() -> readAll(upstreamResponse)).isInstanceOf(IOException.class)
                .hasMessage("upstream closed the connection before the end of the body");
    }

    @Test
    void a_pooled_connection_the_upstream_closed_is_replaced_and_the_request_goes_out_once() throws Exception {
        RawServer server = plainServer((connection, exchange, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + JSON.length() + "\r\n\r\n" + JSON);
            return false;
        });
        UpstreamClient client = client(SSLContext.getDefault());

        assertThat(readAll(client.send(post(server.uri("127.0.0.1", "http"), "{\"n\":1}"), new ClientLink()))).isEqualTo(JSON);
        await().until(() -> server.closed.get() == 1);
        assertThat(readAll(client.send(post(server.uri("127.0.0.1", "http"), "{\"n\":2}"), new ClientLink()))).isEqualTo(JSON);

        assertThat(server.connections).hasValue(2);
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(0)).endsWith("{\"n\":1}");
        assertThat(server.requests.get(1)).endsWith("{\"n\":2}");
    }

    @Test
    void an_upstream_that_answers_garbage_is_a_failure() throws Exception {
        RawServer server = plainServer((connection, exchange, out) -> {
            write(out, "SSH-2.0-OpenSSH\r\n\r\n");
            return false;
        });
        UpstreamClient client = client(SSLContext.getDefault());

        assertThatThrownBy(() -> client.send(post(server.uri("127.0.0.1", "http"), "{}"), new ClientLink()))
                .isInstanceOf(UpstreamClient.Failure.class)
                .hasMessage("exchange failed: java.io.IOException: upstream sent a malformed status line");
    }

    @Test
    void https_verifies_the_certificate_and_the_host_name() throws Exception {
        Path keystore = keystore("localhost", "dns:localhost,ip:127.0.0.1");
        SSLContext serverTls = tls(keystore, true);
        RawServer server = new RawServer(tlsServer(serverTls), fixed(JSON));
        UpstreamClient trusting = client(tls(keystore, false));

        UpstreamResponse upstreamResponse = trusting.send(post(server.uri("localhost", "https"), "{}"), new ClientLink());
        assertThat(upstreamResponse.status()).isEqualTo(200);
        assertThat(readAll(upstreamResponse)).isEqualTo(JSON);
        assertThat(readAll(trusting.send(post(server.uri("localhost", "https"), "{}"), new ClientLink()))).isEqualTo(JSON);
        assertThat(server.connections).hasValue(1);
        assertThat(server.requests.getFirst()).contains("\r\nhost: localhost:" + server.socket.getLocalPort() + "\r\n");

        UpstreamClient defaultTrust = client(SSLContext.getDefault());
        assertThatThrownBy(() -> defaultTrust.send(post(server.uri("localhost", "https"), "{}"), new ClientLink()))
                .isInstanceOf(UpstreamClient.Failure.class).hasMessageContaining("connect failed");

        Path otherName = keystore("other.example", "dns:other.example");
        RawServer wrongName = new RawServer(tlsServer(tls(otherName, true)), fixed(JSON));
        UpstreamClient trustingOther = client(tls(otherName, false));
        assertThatThrownBy(() -> trustingOther.send(post(wrongName.uri("localhost", "https"), "{}"), new ClientLink()))
                .isInstanceOf(UpstreamClient.Failure.class).hasMessageContaining("No subject alternative DNS name matching localhost");
        assertThat(wrongName.requests).noneMatch(request -> request.startsWith("POST"));
    }

    private Path keystore(String commonName, String subjectAlternativeNames) throws Exception {
        Path file = temp.resolve(commonName + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "san=" + subjectAlternativeNames, "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        assertThat(Files.size(file)).isPositive();
        return file;
    }

    /** A server context holding the key, or a client context trusting exactly that certificate. */
    private static SSLContext tls(Path keystore, boolean server) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        if (server) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "changeit".toCharArray());
            context.init(keys.getKeyManagers(), null, null);
        } else {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("upstream", store.getCertificate("upstream"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            context.init(null, trust.getTrustManagers(), null);
        }
        return context;
    }

    private static ServerSocket tlsServer(SSLContext context) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return socket;
    }
}
