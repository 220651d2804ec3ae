package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.betterccflare.config.Config;
import io.betterccflare.fake.ConnectProxy;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.RawUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream client against real sockets (issue 10, part 8): HTTP/2 through ALPN to a local TLS upstream
 * with the certificate and host name checked, the outbound proxies (CONNECT for https, absolute form for
 * http, NO_PROXY), every resolved address, a stale pooled connection retried on a fresh one, and the
 * head deadline against a head trickled a byte at a time, and broken framing.
 */
class UpstreamHttpTest {
    private static final String JSON = "{\"ok\":true}";

    @TempDir
    Path temp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private UpstreamHttp client(Config.Outbound outbound, SslContextFactory.Client tls, SocketAddressResolver resolver) {
        return opened(new UpstreamHttp(outbound, 60_000, tls, resolver));
    }

    private static Config.Outbound outbound(URI httpProxy, URI httpsProxy, String noProxy) {
        return new Config.Outbound(10_000, 30_000, 30_000, httpProxy, httpsProxy, noProxy);
    }

    private static UpstreamRequest post(String url) {
        return new UpstreamRequest("POST", URI.create(url), List.of(Map.entry("content-type", "application/json")),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static String readAll(UpstreamResponse response) throws IOException {
        try (response; InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void https_upstreams_speak_http2_through_alpn_and_their_certificate_is_checked() throws Exception {
        Path keystore = keystore("localhost", "dns:localhost,ip:127.0.0.1");
        int port = tlsServer(keystore);

        UpstreamResponse response = client(Config.Outbound.DEFAULTS, trusting(keystore), null)
                .send(post("https://localhost:" + port + "/v1/messages"), new ClientLink(), false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-protocol")).isEqualTo("HTTP/2.0");
        assertThat(readAll(response)).isEqualTo(JSON);

        UpstreamHttp defaultTrust = client(Config.Outbound.DEFAULTS, new SslContextFactory.Client(), null);
        assertThatThrownBy(() -> defaultTrust.send(post("https://localhost:" + port + "/v1/messages"), new ClientLink(), false))
                .isInstanceOf(UpstreamHttp.Failure.class);
    }

    @Test
    void https_goes_through_the_connect_proxy_unless_no_proxy_names_the_host() throws Exception {
        Path keystore = keystore("localhost", "dns:localhost,ip:127.0.0.1");
        int port = tlsServer(keystore);
        ConnectProxy proxy = opened(new ConnectProxy());
        URI proxyUri = URI.create("http://127.0.0.1:" + proxy.port());

        UpstreamResponse viaProxy = client(outbound(null, proxyUri, "example.org, .corp"), trusting(keystore), null)
                .send(post("https://localhost:" + port + "/v1/messages"), new ClientLink(), false);
        assertThat(viaProxy.header("x-protocol")).isEqualTo("HTTP/2.0");
        assertThat(readAll(viaProxy)).isEqualTo(JSON);
        assertThat(proxy.targets()).containsExactly("CONNECT localhost:" + port);

        UpstreamResponse direct = client(outbound(null, proxyUri, "127.0.0.1,.localhost,localhost:1"), trusting(keystore), null)
                .send(post("https://localhost:" + port + "/v1/messages"), new ClientLink(), false);
        assertThat(readAll(direct)).isEqualTo(JSON);
        assertThat(proxy.targets()).hasSize(1);
    }

    @Test
    void an_account_proxy_replaces_the_environment_proxy_and_no_proxy_for_that_call() throws Exception {
        Path keystore = keystore("localhost", "dns:localhost,ip:127.0.0.1");
        int port = tlsServer(keystore);
        ConnectProxy environmentProxy = opened(new ConnectProxy());
        ConnectProxy accountProxy = opened(new ConnectProxy());
        UpstreamHttp client = client(outbound(null, URI.create("http://127.0.0.1:" + environmentProxy.port()), "localhost"),
                trusting(keystore), null);
        UpstreamRequest plain = post("https://localhost:" + port + "/v1/messages");
        UpstreamRequest viaAccountProxy = new UpstreamRequest(plain.method(), plain.target(), plain.headers(), plain.body(),
                "http://egress:s%3Acret@127.0.0.1:" + accountProxy.port());

        UpstreamResponse response = client.send(viaAccountProxy, new ClientLink(), false);

        assertThat(response.header("x-protocol")).isEqualTo("HTTP/2.0");
        assertThat(readAll(response)).isEqualTo(JSON);
        assertThat(accountProxy.targets()).containsExactly("CONNECT localhost:" + port);
        assertThat(accountProxy.authorizations()).containsExactly("Basic "
                + java.util.Base64.getEncoder().encodeToString("egress:s:cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(readAll(client.send(plain, new ClientLink(), false))).isEqualTo(JSON);
        assertThat(environmentProxy.targets()).isEmpty();

        UpstreamRequest broken = new UpstreamRequest(plain.method(), plain.target(), plain.headers(), plain.body(), "socks5://h:1");
        assertThatThrownBy(() -> client.send(broken, new ClientLink(), false))
                .isInstanceOfSatisfying(UpstreamHttp.Failure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(UpstreamHttp.FailureKind.CONNECTION);
                    assertThat(failure.getMessage()).contains("proxy URL is not valid").doesNotContain("socks5://h");
                });
    }

    /** An {@code https://} account proxy is reached over TLS (its certificate checked), and tunnels as the plain one does. */
    @Test
    void an_https_account_proxy_is_reached_over_tls() throws Exception {
        Path keystore = keystore("localhost", "dns:localhost,ip:127.0.0.1");
        int port = tlsServer(keystore);
        SslContextFactory.Server proxyTls = new SslContextFactory.Server();
        proxyTls.setKeyStorePath(keystore.toString());
        proxyTls.setKeyStorePassword("changeit");
        proxyTls.start();
        open.add(proxyTls::stop);
        ConnectProxy tlsProxy = opened(new ConnectProxy(proxyTls.getSslContext().getServerSocketFactory()));
        UpstreamRequest plain = post("https://localhost:" + port + "/v1/messages");

        UpstreamResponse response = client(Config.Outbound.DEFAULTS, trusting(keystore), null).send(new UpstreamRequest(
                plain.method(), plain.target(), plain.headers(), plain.body(), "https://localhost:" + tlsProxy.port()),
                new ClientLink(), false);

        assertThat(readAll(response)).isEqualTo(JSON);
        assertThat(tlsProxy.targets()).containsExactly("CONNECT localhost:" + port);
    }

    /** A proxy that refuses (407 to a forwarded request or to {@code CONNECT}) is a connection failure, never an answer. */
    @Test
    void a_proxy_that_refuses_the_request_or_the_tunnel_is_a_connection_failure() throws Exception {
        RawUpstream refusing = opened(new RawUpstream((connection, request, head, out) -> {
            RawUpstream.write(out, "HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm=\"corp\"\r\n"
                    + "content-length: 0\r\n\r\n");
            return false;
        }));
        UpstreamHttp client = client(Config.Outbound.DEFAULTS, new SslContextFactory.Client(), null);
        for (String target : List.of("http://127.0.0.1:9/v1/messages", "https://localhost:9/v1/messages")) {
            UpstreamRequest plain = post(target);
            UpstreamRequest viaProxy = new UpstreamRequest(plain.method(), plain.target(), plain.headers(), plain.body(),
                    "http://u:wrong@127.0.0.1:" + refusing.port());
            assertThatThrownBy(() -> client.send(viaProxy, new ClientLink(), false)).as(target)
                    .isInstanceOfSatisfying(UpstreamHttp.Failure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(UpstreamHttp.FailureKind.CONNECTION);
                        assertThat(failure.getMessage()).contains("407").doesNotContain("wrong");
                    });
        }
        assertThat(refusing.heads()).hasSize(2);
    }

    @Test
    void http_goes_through_the_http_proxy_in_absolute_form() throws Exception {
        FakeAnthropic fake = opened(FakeAnthropic.start());
        ConnectProxy proxy = opened(new ConnectProxy());

        UpstreamResponse response = client(outbound(URI.create("http://127.0.0.1:" + proxy.port()), null, ""),
                new SslContextFactory.Client(), null).send(post(fake.baseUrl() + "/v1/messages"), new ClientLink(), false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(readAll(response)).contains("Hello from the fake");
        assertThat(proxy.targets()).containsExactly("POST " + fake.baseUrl() + "/v1/messages");
    }

    @Test
    void every_resolved_address_is_tried_in_turn() throws Exception {
        FakeAnthropic fake = opened(FakeAnthropic.start());
        // 127.0.0.2 is loopback too, but nothing listens there on the fake's port: the first connect is refused.
        SocketAddressResolver twoAddresses = (host, port, context, promise) -> promise.succeeded(List.of(
                new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port)));

        UpstreamResponse response = client(Config.Outbound.DEFAULTS, new SslContextFactory.Client(), twoAddresses)
                .send(post("http://upstream.test:" + fake.port() + "/v1/messages"), new ClientLink(), false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(readAll(response)).contains("Hello from the fake");
    }

    @Test
    void a_pooled_connection_the_upstream_dropped_under_the_request_is_retried_on_a_fresh_one() throws Exception {
        RawUpstream upstream = opened(new RawUpstream((connection, request, head, out) -> {
            if (connection == 1 && request == 2) {
                return false; // read the request, close without a byte of answer: a stale keep-alive connection
            }
            RawUpstream.write(out, RawUpstream.json(200, JSON));
            return true;
        }));
        UpstreamHttp client = client(Config.Outbound.DEFAULTS, new SslContextFactory.Client(), null);

        assertThat(readAll(client.send(post(upstream.baseUrl() + "/v1/messages"), new ClientLink(), false))).isEqualTo(JSON);
        UpstreamResponse second = client.send(post(upstream.baseUrl() + "/v1/messages"), new ClientLink(), false);

        assertThat(second.status()).isEqualTo(200);
        assertThat(readAll(second)).isEqualTo(JSON);
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(upstream.heads()).hasSize(3);
    }

    @Test
    void a_head_trickled_a_byte_at_a_time_is_cut_at_the_head_deadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        RawUpstream upstream = opened(new RawUpstream((connection, request, head, out) -> {
            RawUpstream.write(out, "HTTP/1.1 200 OK\r\nx-slow: ");
            try {
                while (!never.await(50, TimeUnit.MILLISECONDS)) {
                    RawUpstream.write(out, "a");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }));
        UpstreamHttp client = client(new Config.Outbound(2_000, 500, 500, null, null, ""), new SslContextFactory.Client(), null);

        assertThatThrownBy(() -> client.send(post(upstream.baseUrl() + "/v1/messages"), new ClientLink(), true))
                .isInstanceOfSatisfying(UpstreamHttp.Failure.class,
                        failure -> assertThat(failure.kind()).isEqualTo(UpstreamHttp.FailureKind.TIMEOUT));
    }

    @Test
    void a_response_with_both_content_length_and_chunked_framing_is_a_bad_response() throws Exception {
        RawUpstream upstream = opened(new RawUpstream((connection, request, head, out) -> {
            RawUpstream.write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n"
                    + "transfer-encoding: chunked\r\n\r\nb\r\n" + JSON + "\r\n0\r\n\r\n");
            return false;
        }));
        UpstreamHttp client = client(Config.Outbound.DEFAULTS, new SslContextFactory.Client(), null);

        assertThatThrownBy(() -> client.send(post(upstream.baseUrl() + "/v1/messages"), new ClientLink(), false))
                .isInstanceOfSatisfying(UpstreamHttp.Failure.class,
                        failure -> assertThat(failure.kind()).isEqualTo(UpstreamHttp.FailureKind.BAD_RESPONSE));
    }

    /** A Jetty server with TLS, ALPN, HTTP/2 and HTTP/1.1 that answers JSON and names the protocol used. */
    private int tlsServer(Path keystore) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false));
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(h1.getProtocol());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toString());
        tls.setKeyStorePassword("changeit");
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, h1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    Content.Source.consumeAll(request);
                } catch (IOException e) {
                    callback.failed(e);
                    return true;
                }
                response.getHeaders().put("x-protocol", request.getConnectionMetaData().getProtocol());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, JSON, callback);
                return true;
            }
        });
        server.start();
        open.add(server::stop);
        return connector.getLocalPort();
    }

    private static SslContextFactory.Client trusting(Path keystore) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStorePath(keystore.toString());
        tls.setTrustStorePassword("changeit");
        return tls;
    }

    private Path keystore(String commonName, String subjectAlternativeNames) throws Exception {
        Path file = temp.resolve(commonName + ".p12");
        if (Files.exists(file)) {
            return file;
        }
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "san=" + subjectAlternativeNames, "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return file;
    }
}
