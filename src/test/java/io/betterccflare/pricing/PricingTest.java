package io.betterccflare.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.betterccflare.config.Config;
import io.betterccflare.tokens.Usage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingTest {
    private static final String MODELS_DEV = """
            {"openrouter":{"id":"openrouter","models":{"anthropic/claude-sonnet-4.5":{"cost":{"input":9,"output":9}},
                                                        "new-model-x":{"cost":{"input":2,"output":4}}}},
             "free-lab":{"id":"free-lab","models":{"free-model":{"cost":{"input":0,"output":0}}}},
             "acme-coding-plan":{"id":"acme-coding-plan","models":{"plan-model":{"cost":{"input":1,"output":1}}}},
             "anthropic":{"id":"anthropic","models":{"claude-future-5":{"cost":{"input":4,"output":20,"cache_read":0.4,"cache_write":5}}}}}
            """;

    @TempDir
    Path temp;

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = MODELS_DEV.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api.json");
    }

    private Pricing pricing(boolean offline) {
        return new Pricing(new Config.Pricing(offline, 24, 64, url()), url(), temp.resolve("cache/models.dev.json"), clock);
    }

    private static Usage usage(String model, long input, long output, long cacheRead, long cacheCreation, Long fiveMinutes, Long oneHour) {
        return new Usage(model, input, cacheRead, cacheCreation, fiveMinutes, oneHour, output, 0, 0, null, true);
    }

    @Test
    void dated_aliased_and_prefixed_ids_find_the_same_price() {
        Pricing pricing = pricing(true);
        pricing.refresh();
        ModelPrice sonnet = pricing.price("claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(sonnet).isEqualTo(new ModelPrice(3.0, 15.0, 0.3, 3.75, 6.0));
        for (String id : new String[] {"claude-sonnet-4-5", "claude-sonnet-4-5@20250929", "anthropic.claude-sonnet-4-5-20250929-v1:0",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5", "CLAUDE-SONNET-4-5-20250929"}) {
            assertThat(pricing.price(id)).as(id).contains(sonnet);
        }
        assertThat(pricing.price("claude-opus-4-1")).contains(new ModelPrice(15.0, 75.0, 1.5, 18.75, 30.0));
        assertThat(pricing.price("claude-opus-4-5-20251101")).contains(new ModelPrice(5.0, 25.0, 0.5, 6.25, 10.0));
        assertThat(pricing.price("claude-haiku-4-5@20251001")).contains(new ModelPrice(1.0, 5.0, 0.1, 1.25, 2.0));
        assertThat(pricing.price("claude-3-5-haiku-latest")).contains(new ModelPrice(0.8, 4.0, 0.08, 1.0, 1.6));
        assertThat(pricing.price("glm-4.6")).contains(new ModelPrice(0.6, 2.2, 0.11, 0.0, 0.0));
        assertThat(pricing.price("glm-4.5-air")).contains(new ModelPrice(0.2, 1.1, 0.03, 0.0, 0.0));
    }

    @Test
    void cost_prices_each_token_kind_and_the_one_hour_cache_at_its_own_rate() {
        Pricing pricing = pricing(true);
        pricing.refresh();
        // 1000 in × 3 + 500 out × 15 + 2000 read × 0.3 + 100 (5m) × 3.75 + 200 (1h) × 6, per million.
        Double cost = pricing.cost(usage("claude-sonnet-4-5", 1000, 500, 2000, 300, 100L, 200L));
        assertThat(cost).isCloseTo((3000 + 7500 + 600 + 375 + 1200) / 1e6, within(1e-12));
        // Without the split every cache write is a 5-minute one.
        assertThat(pricing.cost(usage("claude-sonnet-4-5", 0, 0, 0, 300, null, null))).isCloseTo(300 * 3.75 / 1e6, within(1e-12));
    }

    @Test
    void an_unknown_model_costs_null_not_zero() {
        Pricing pricing = pricing(true);
        pricing.refresh();
        assertThat(pricing.cost(usage("mystery-model-1", 10, 10, 0, 0, null, null))).isNull();
        assertThat(pricing.cost(usage("mystery-model-1", 10, 10, 0, 0, null, null))).isNull();
        assertThat(pricing.cost(Usage.NONE)).isNull();
    }

    @Test
    void refresh_reads_a_models_dev_document_and_caches_it_on_disk() {
        Pricing pricing = pricing(false);
        assertThat(pricing.refresh()).isEqualTo("remote");
        assertThat(fetches.get()).isEqualTo(1);
        assertThat(Files.exists(temp.resolve("cache/models.dev.json"))).isTrue();
        // anthropic wins over openrouter for Claude; other providers fill new models; plan/free providers are dropped.
        assertThat(pricing.price("claude-sonnet-4-5")).contains(new ModelPrice(3.0, 15.0, 0.3, 3.75, 6.0));
        assertThat(pricing.price("claude-future-5")).contains(new ModelPrice(4.0, 20.0, 0.4, 5.0, 8.0));
        assertThat(pricing.price("new-model-x")).contains(new ModelPrice(2.0, 4.0, null, null, null));
        assertThat(pricing.price("plan-model")).isEmpty();
        assertThat(pricing.price("free-model")).isEmpty();
        // A needed rate that is missing gives no cost rather than a wrong one.
        assertThat(pricing.cost(usage("new-model-x", 10, 10, 5, 0, null, null))).isNull();
        assertThat(pricing.cost(usage("new-model-x", 1_000_000, 1_000_000, 0, 0, null, null))).isEqualTo(6.0);
    }

    @Test
    void offline_never_fetches_but_uses_a_fresh_disk_cache() throws IOException {
        Pricing offline = pricing(true);
        assertThat(offline.refresh()).isEqualTo("bundled");
        assertThat(offline.price("claude-future-5")).isEmpty();

        Files.createDirectories(temp.resolve("cache"));
        Files.writeString(temp.resolve("cache/models.dev.json"), MODELS_DEV);
        Files.setLastModifiedTime(temp.resolve("cache/models.dev.json"),
                java.nio.file.attribute.FileTime.from(clock.instant().minusSeconds(3600)));
        assertThat(offline.refresh()).isEqualTo("cache");
        assertThat(offline.price("claude-future-5")).isPresent();

        Files.setLastModifiedTime(temp.resolve("cache/models.dev.json"),
                java.nio.file.attribute.FileTime.from(clock.instant().minusSeconds(25 * 3600)));
        assertThat(offline.refresh()).isEqualTo("bundled");
        assertThat(fetches.get()).isZero();
    }

    @Test
    void a_failing_source_falls_back_to_the_bundled_prices() {
        server.stop(0);
        Pricing pricing = pricing(false);
        assertThat(pricing.refresh()).isEqualTo("bundled");
        assertThat(pricing.price("claude-sonnet-4-5")).isPresent();
    }
}
