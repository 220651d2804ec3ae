package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.agents.ModelPolicy;
import io.betterccflare.config.Config;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.routing.InFlight;
import io.betterccflare.routing.Router;
import io.betterccflare.routing.SessionAffinity;
import io.betterccflare.routing.SessionStrategy;
import io.betterccflare.server.HttpServer;
import io.betterccflare.store.Database;
import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's calls to the {@link ExchangeObserver}: one exchange per request, attempts in order, raw bytes. */
class ProxyObserverTest {
    @TempDir
    Path temp;

    /** Records every callback of every exchange. */
    static final class Recorder implements ExchangeObserver {
        record Recorded(ExchangeStart start, List<ResponseStart> responses, ByteArrayOutputStream body, List<Finish> finishes) {
        }

        final List<Recorded> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public Exchange begin(ExchangeStart start) {
            Recorded recorded = new Recorded(start, new CopyOnWriteArrayList<>(), new ByteArrayOutputStream(), new CopyOnWriteArrayList<>());
            exchanges.add(recorded);
            return new Exchange() {
                @Override
                public void responseStarted(ResponseStart response) {
                    recorded.responses().add(response);
                }

                @Override
                public synchronized void chunk(byte[] buffer, int offset, int length) {
                    recorded.body().write(buffer, offset, length);
                }

                @Override
                public void finished(Finish finish) {
                    recorded.finishes().add(finish);
                }
            };
        }
    }

    @Test
    void every_request_is_reported_with_its_attempts_and_exact_bytes() throws Exception {
        Recorder recorder = new Recorder();
        try (FakeAnthropic fake = FakeAnthropic.start()) {
            Config config = new TestEnv(temp).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()).config();
            try (Database database = Database.open(config.storage());
                 UpstreamHttp upstream = new UpstreamHttp(config.upstreams().outbound(), config.server().streamIdleTimeoutMs())) {
                AccountStore store = new AccountStore(database);
                AccountService accounts = new AccountService(store, Clock.systemUTC());
                var first = accounts.addKeyAccount(new AccountService.NewKeyAccount("first", AccountMode.CONSOLE, "sk-first", 1, 0, null));
                var second = accounts.addKeyAccount(new AccountService.NewKeyAccount("second", AccountMode.CONSOLE, "sk-second", 1, 1, null));
                AccountUpdates updates = new AccountUpdates(store, config.routing().sessionDurationMs(), Clock.systemUTC());
                HttpServer server = new HttpServer(config.server(), List.of(
                        new ProxyRoutes(config, store, AccessTokens.STORED, upstream, updates, recorder, Clock.systemUTC(),
                                new Router(new SessionStrategy(config.routing().sessionDurationMs()), new SessionAffinity(100, 60_000),
                                        new InFlight(), () -> Router.SESSION), new ScopedLockouts(database), "probe-token", ModelPolicy.NONE, ClientAccess.OPEN))).start();
                try {
                    fake.enqueue(FakeResponse.error(429, "rate_limit_error", "limit"));
                    HttpResponse<String> response;
                    try (HttpClient http = HttpClient.newHttpClient()) {
                        response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                    + "/v1/messages?beta=true")).header("x-api-key", "sk-client").header("x-app", "cli")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(), HttpResponse.BodyHandlers.ofString());
                    }

                    await().until(() -> recorder.exchanges.size() == 1 && recorder.exchanges.getFirst().finishes().size() == 1);
                    var exchange = recorder.exchanges.getFirst();
                    assertThat(exchange.start().method()).isEqualTo("POST");
                    assertThat(exchange.start().path()).isEqualTo("/v1/messages");
                    assertThat(exchange.start().query()).isEqualTo("beta=true");
                    assertThat(exchange.start().clientHeaders()).containsKey("x-app").doesNotContainKey("x-api-key");
                    assertThat(new String(exchange.start().body())).isEqualTo("{\"stream\":true}");
                    var started = exchange.responses().getFirst();
                    assertThat(started.accountId()).isEqualTo(second.id());
                    assertThat(started.streaming()).isTrue();
                    assertThat(started.attempts()).containsExactly(
                            new ExchangeObserver.Attempt(first.id(), "first", 429, "request_limited"),
                            new ExchangeObserver.Attempt(second.id(), "second", 200, "served"));
                    assertThat(exchange.body().toString()).isEqualTo(response.body());
                    assertThat(exchange.finishes().getFirst().error()).isNull();
                    assertThat(exchange.finishes().getFirst().clientDisconnected()).isFalse();
                } finally {
                    server.close();
                    updates.close();
                }
            }
        }
    }
}
