package io.betterccflare.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.config.Config;
import io.betterccflare.server.Json;
import io.betterccflare.tokens.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price catalogue and the cost of a response. Starts with the bundled table; unless offline, the
 * first lookup (and any lookup once the catalogue is older than the refresh period) starts a background
 * fetch of the models.dev-format URL, cached on disk. When the fetch fails, or offline, a disk cache
 * younger than the refresh period is used. An unknown model costs null (warned once per model), never 0.
 * Thread-safe: lookups read an immutable catalogue published through a volatile field.
 */
public final class Pricing {
    private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);
    private static final String BUNDLED = "/pricing/bundled-prices.json";

    private final Config.Pricing config;
    private final URI source;
    private final Path cacheFile;
    private final Clock clock;
    private final JsonNode bundled;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile PriceCatalog catalog;
    private volatile long loadedAtMs = Long.MIN_VALUE;

    /**
     * @param source    the models.dev-format URL to refresh from
     * @param cacheFile where the last fetched document is kept ({@code <tmpdir>/better-ccflare/models.dev.json})
     */
    public Pricing(Config.Pricing config, URI source, Path cacheFile, Clock clock) {
        this.config = config;
        this.source = source;
        this.cacheFile = cacheFile;
        this.clock = clock;
        this.bundled = readBundled();
        this.catalog = PriceCatalog.of(List.of(bundled));
    }

    /** The cost in USD, or null when the model is unknown or a needed rate is missing. */
    public Double cost(Usage usage) {
        if (!usage.hasModel()) {
            return null;
        }
        Optional<ModelPrice> price = price(usage.model());
        if (price.isEmpty()) {
            if (warned.add(usage.model())) {
                LOG.warn("No price known for model {}; its requests are recorded without a cost", usage.model());
            }
            return null;
        }
        Double cost = price.get().cost(usage);
        if (cost == null && warned.add(usage.model())) {
            LOG.warn("The price of model {} lacks a rate this request needs; recorded without a cost", usage.model());
        }
        return cost;
    }

    public Optional<ModelPrice> price(String model) {
        refreshInBackgroundIfStale();
        return catalog.find(model);
    }

    /**
     * Loads prices now, on the calling thread: the URL unless offline, else (or on failure) a fresh disk
     * cache, else the bundled table alone. Returns where the prices came from: "remote", "cache" or "bundled".
     */
    public String refresh() {
        String origin = "bundled";
        JsonNode remote = null;
        if (!config.offline()) {
            try {
                remote = fetch();
                origin = "remote";
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot fetch prices from {}: {}; using the cached or bundled prices", source, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return origin;
            }
        }
        if (remote == null) {
            remote = readCacheIfFresh();
            origin = remote == null ? "bundled" : "cache";
        }
        catalog = remote == null ? PriceCatalog.of(List.of(bundled)) : PriceCatalog.of(List.of(remote, bundled));
        loadedAtMs = clock.millis();
        return origin;
    }

    private void refreshInBackgroundIfStale() {
        long age = clock.millis() - loadedAtMs;
        if ((loadedAtMs == Long.MIN_VALUE || age >= refreshPeriodMs()) && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("pricing-refresh").start(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    private long refreshPeriodMs() {
        return Duration.ofHours(config.refreshHours()).toMillis();
    }

    private JsonNode fetch() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(20))
                    .header("accept", "application/json").GET().build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            JsonNode document = Json.MAPPER.readTree(response.body());
            if (document == null || !document.isObject()) {
                throw new IOException("the document is not a JSON object");
            }
            writeCache(response.body());
            return document;
        }
    }

    private void writeCache(byte[] body) {
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temporary = Files.createTempFile(cacheFile.getParent(), "models.dev", ".tmp");
            Files.write(temporary, body);
            Files.move(temporary, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot write the price cache {}: {}", cacheFile, e.getMessage());
        }
    }

    private JsonNode readCacheIfFresh() {
        try {
            if (!Files.isRegularFile(cacheFile)
                    || clock.millis() - Files.getLastModifiedTime(cacheFile).toMillis() >= refreshPeriodMs()) {
                return null;
            }
            JsonNode document = Json.MAPPER.readTree(cacheFile.toFile());
            return document != null && document.isObject() ? document : null;
        } catch (IOException e) {
            LOG.warn("Cannot read the price cache {}: {}", cacheFile, e.getMessage());
            return null;
        }
    }

    private static JsonNode readBundled() {
        try (InputStream in = Pricing.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + BUNDLED);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + BUNDLED, e);
        }
    }
}
