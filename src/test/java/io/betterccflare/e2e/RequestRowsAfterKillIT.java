package io.betterccflare.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.app.App;
import io.betterccflare.config.Config;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.requests.RequestLogStore;
import io.betterccflare.store.Database;
import io.betterccflare.support.LauncherProcess;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 part 5, with real processes: the packaged product is killed with {@code kill -9} while streams are
 * in flight, and every one of those requests must end up as an {@code interrupted} row: marked by the next
 * start on SQLite, and by a surviving instance (another process on the same PostgreSQL) whose own clients see
 * no error.
 */
class RequestRowsAfterKillIT {
    private static final int IN_FLIGHT = 6;
    private static final String STREAM_BODY = """
            {"model":"claude-sonnet-4-5-20250929","max_tokens":64,"stream":true,\
            "messages":[{"role":"user","content":"hi"}]}""";
    private static final String JSON_BODY = """
            {"model":"claude-sonnet-4-5-20250929","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""";

    @TempDir
    Path temp;

    @Test
    void sqlite_the_next_start_marks_the_killed_instances_streams_interrupted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (FakeAnthropic fake = FakeAnthropic.start()) {
            TestEnv env = new TestEnv(temp).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl());
            addAccount(env.config());
            for (int i = 0; i < IN_FLIGHT; i++) {
                fake.enqueue(FakeResponse.message("held").pausedAfterFirstDelta(never));
            }
            HttpClient client = HttpClient.newHttpClient();
            try {
                try (LauncherProcess a = LauncherProcess.start(env.env(), temp, "a")) {
                    List<CompletableFuture<HttpResponse<InputStream>>> streams = startStreams(client, a);
                    for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
                        assertThat(stream.get().statusCode()).isEqualTo(200);
                    }
                    awaitState(env.config(), "pending", IN_FLIGHT);
                    a.kill9();
                }
                Map<String, Long> beforeRestart = states(env.config());
                assertThat(beforeRestart).containsEntry("pending", (long) IN_FLIGHT);

                try (LauncherProcess next = LauncherProcess.start(env.env(), temp, "next")) {
                    Map<String, Long> states = states(env.config());
                    assertThat(states).as(next.output()).containsEntry("interrupted", (long) IN_FLIGHT).doesNotContainKey("pending");
                    assertThat(get(client, next.uri("/api/stats")).body()).contains("\"totalRequests\":" + IN_FLIGHT);
                }
            } finally {
                client.shutdownNow();
            }
        }
    }

    @Test
    @ExtendWith(RequiresPostgres.class)
    void postgres_a_surviving_instance_marks_the_killed_instances_streams_while_its_clients_see_no_error() throws Exception {
        String url = TestDatabases.freshPostgresUrl();
        CountDownLatch never = new CountDownLatch(1);
        HttpClient client = HttpClient.newHttpClient();
        try (FakeAnthropic fakeA = FakeAnthropic.start(); FakeAnthropic fakeB = FakeAnthropic.start()) {
            TestEnv envA = new TestEnv(temp.resolve("a")).with("DATABASE_URL", url).with("BETTER_CCFLARE_ANTHROPIC_URL", fakeA.baseUrl());
            TestEnv envB = new TestEnv(temp.resolve("b")).with("DATABASE_URL", url).with("BETTER_CCFLARE_ANTHROPIC_URL", fakeB.baseUrl());
            addAccount(envA.config());
            for (int i = 0; i < IN_FLIGHT; i++) {
                fakeA.enqueue(FakeResponse.message("held").pausedAfterFirstDelta(never));
            }
            try (RunningApp b = RunningApp.start(envB.config(), Clock.systemUTC());
                 LauncherProcess a = LauncherProcess.start(envA.env(), temp, "a")) {
                List<CompletableFuture<HttpResponse<InputStream>>> streams = startStreams(client, a);
                for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
                    assertThat(stream.get().statusCode()).isEqualTo(200);
                }
                RequestLogStore log = b.app().requestLog();
                await().atMost(Duration.ofSeconds(30)).until(() -> log.countByState().getOrDefault("pending", 0L) == IN_FLIGHT);

                AtomicBoolean load = new AtomicBoolean(true);
                AtomicInteger served = new AtomicInteger();
                List<Integer> failures = new ArrayList<>();
                Thread clients = Thread.ofVirtual().start(() -> {
                    while (load.get()) {
                        int status = post(client, b.uri("/v1/messages"), JSON_BODY);
                        if (status == 200) {
                            served.incrementAndGet();
                        } else {
                            failures.add(status);
                        }
                    }
                });
                try {
                    await().until(() -> served.get() > 0);
                    a.kill9();
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> log.countByState().getOrDefault("interrupted", 0L) == IN_FLIGHT);
                } finally {
                    load.set(false);
                    clients.join();
                }

                assertThat(failures).isEmpty();
                // The last served request's row is completed by the writer just after its client got the answer.
                await().atMost(Duration.ofSeconds(10)).until(() -> !log.countByState().containsKey("pending"));
                Map<String, Long> states = log.countByState();
                assertThat(states.get("complete")).isEqualTo(served.get());
                assertThat(b.get("/health").json().get("requestLog").get("interrupted").asLong()).isEqualTo(IN_FLIGHT);
            }
        } finally {
            client.shutdownNow();
        }
    }

    private static void addAccount(Config config) {
        try (App app = App.open(config, Clock.systemUTC())) {
            app.accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                    "sk-ant-api03-work-secret", 1, 0, null));
        }
    }

    private static List<CompletableFuture<HttpResponse<InputStream>>> startStreams(HttpClient client, LauncherProcess a) {
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            streams.add(client.sendAsync(request(a.uri("/v1/messages"), STREAM_BODY), HttpResponse.BodyHandlers.ofInputStream()));
        }
        return streams;
    }

    private static HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The status, or -1 when the request failed without one. */
    private static int post(HttpClient client, URI uri, String body) {
        try {
            return client.send(request(uri, body), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitState(Config config, String state, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> states(config).getOrDefault(state, 0L) == count);
    }

    private static Map<String, Long> states(Config config) {
        try (Database database = Database.open(config.storage())) {
            return new RequestLogStore(database).countByState();
        }
    }
}
