package io.betterccflare.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.app.App;
import io.betterccflare.logging.LogBus;
import io.betterccflare.logging.LogEntry;
import io.betterccflare.server.HttpServer;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/logs/history} and {@code /api/logs/stream}: live lines through the real server, and
 * streams whose clients leave do not stay subscribed.
 */
class LogStreamTest {
    @TempDir
    Path tempDir;

    /** Reads an SSE response line by line on a virtual thread, collecting the lines. */
    private record SseReader(InputStream body, List<String> lines) {
        static SseReader open(ApiClient api, String path) throws Exception {
            HttpResponse<InputStream> response = api.http().send(HttpRequest.newBuilder(api.uri(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            SseReader reader = new SseReader(response.body(), new CopyOnWriteArrayList<>());
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(reader.body(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        reader.lines().add(line);
                    }
                } catch (java.io.IOException e) {
                    reader.lines().add("closed: " + e.getMessage());
                }
            });
            return reader;
        }
    }

    @Test
    void the_stream_sends_connected_then_each_new_log_line_and_history_has_them() throws Exception {
        try (App app = App.open(new TestEnv(tempDir).config(), Clock.systemUTC())) {
            ApiClient api = new ApiClient(app.serve().port());
            SseReader stream = SseReader.open(api, "/api/logs/stream");
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines().contains("data: {\"connected\":true}"));

            String token = UUID.randomUUID().toString();
            LoggerFactory.getLogger("io.betterccflare.test.LogStream").warn("streamed {}", token);

            await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines().stream().anyMatch(line -> line.contains(token)));
            String frame = stream.lines().stream().filter(line -> line.contains(token)).findFirst().orElseThrow();
            JsonNode event = ApiClient.json(frame.substring("data: ".length()));
            assertThat(event.path("level").asText()).isEqualTo("WARN");
            assertThat(event.path("msg").asText()).isEqualTo("streamed " + token);
            assertThat(event.path("logger").asText()).isEqualTo("io.betterccflare.test.LogStream");
            assertThat(event.path("ts").asLong()).isPositive();

            ApiClient.Reply history = api.get("/api/logs/history");
            assertThat(history.status()).isEqualTo(200);
            assertThat(history.json().size()).isBetween(1, 1000);
            assertThat(history.json().get(history.json().size() - 1)).isEqualTo(event);
            stream.body().close();
        }
    }

    @Test
    void a_client_that_goes_away_is_unsubscribed_and_quiet_streams_get_keepalives() throws Exception {
        LogBus bus = new LogBus(10);
        LogRoutes routes = new LogRoutes(bus, Duration.ofMillis(100));
        var config = new TestEnv(tempDir).config().server();
        try (HttpServer server = new HttpServer(config, List.of(routes)).start()) {
            ApiClient api = new ApiClient(server.port());
            SseReader first = SseReader.open(api, "/api/logs/stream");
            SseReader second = SseReader.open(api, "/api/logs/stream");
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.subscriberCount() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.lines().contains(": keepalive"));

            first.body().close();

            await().atMost(Duration.ofSeconds(10)).until(() -> bus.subscriberCount() == 1);
            bus.publish(new LogEntry(1L, "INFO", "still here", null));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    second.lines().contains("data: {\"ts\":1,\"level\":\"INFO\",\"msg\":\"still here\"}"));

            routes.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.subscriberCount() == 0);
        }
    }
}
