package io.betterccflare.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable price table built from models.dev-format JSON ({@code {provider: {models: {id: {cost:
 * {input, output, cache_read, cache_write, cache_write_1h?}}}}}}). Lookup is by exact id first, then by a
 * canonical id that ignores dates, {@code @version} and {@code -vN:M} suffixes, {@code -latest}, provider
 * prefixes and dots in Claude versions, so {@code claude-sonnet-4-5}, {@code claude-sonnet-4-5-20250929}
 * and {@code claude-sonnet-4-5@20250929} find the same price. Providers {@code zai} and {@code anthropic}
 * win over the rest. Thread-safe.
 */
final class PriceCatalog {
    private static final List<String> FIRST = List.of("zai", "anthropic");
    private static final List<String> SKIPPED_SUFFIXES = List.of("-coding-plan", "-special", "-demo", "-free", "-trial");
    private static final Pattern DATE = Pattern.compile("-\\d{8}$");
    private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(:\\d+)?$");

    private final Map<String, ModelPrice> exact;
    private final Map<String, ModelPrice> canonical;

    private PriceCatalog(Map<String, ModelPrice> exact, Map<String, ModelPrice> canonical) {
        this.exact = Map.copyOf(exact);
        this.canonical = Map.copyOf(canonical);
    }

    /** Builds a catalog from several documents; earlier documents win for the same model. */
    static PriceCatalog of(List<JsonNode> documents) {
        Map<String, ModelPrice> exact = new HashMap<>();
        Map<String, ModelPrice> canonical = new HashMap<>();
        for (JsonNode document : documents) {
            for (Map.Entry<String, JsonNode> provider : orderedProviders(document)) {
                boolean anthropic = provider.getKey().equals("anthropic");
                Iterator<Map.Entry<String, JsonNode>> models = provider.getValue().path("models").fields();
                while (models.hasNext()) {
                    Map.Entry<String, JsonNode> model = models.next();
                    ModelPrice price = price(model.getValue().path("cost"), anthropic);
                    if (price != null) {
                        exact.putIfAbsent(model.getKey(), price);
                        canonical.putIfAbsent(canonicalId(model.getKey()), price);
                    }
                }
            }
        }
        return new PriceCatalog(exact, canonical);
    }

    Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        ModelPrice price = exact.get(model);
        return Optional.ofNullable(price != null ? price : canonical.get(canonicalId(model)));
    }

    int size() {
        return exact.size();
    }

    /** The id with provider prefixes, version suffixes and dates removed, lower case. */
    static String canonicalId(String model) {
        String id = model.trim().toLowerCase(Locale.ROOT);
        int slash = id.lastIndexOf('/');
        if (slash >= 0) {
            id = id.substring(slash + 1);
        }
        int at = id.indexOf('@');
        if (at >= 0) {
            id = id.substring(0, at);
        }
        int claude = id.indexOf("claude-");
        if (claude > 0) {
            id = id.substring(claude);
        }
        id = BEDROCK_VERSION.matcher(id).replaceFirst("");
        id = DATE.matcher(id).replaceFirst("");
        if (id.endsWith("-latest")) {
            id = id.substring(0, id.length() - "-latest".length());
        }
        if (id.startsWith("claude-")) {
            id = id.replace('.', '-');
            if (id.endsWith("-0")) {
                id = id.substring(0, id.length() - 2);
            }
        }
        return id;
    }

    private static List<Map.Entry<String, JsonNode>> orderedProviders(JsonNode document) {
        List<Map.Entry<String, JsonNode>> first = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> providers = document.fields();
        while (providers.hasNext()) {
            Map.Entry<String, JsonNode> provider = providers.next();
            String name = provider.getKey();
            if (!provider.getValue().path("models").isObject()
                    || SKIPPED_SUFFIXES.stream().anyMatch(name::endsWith)) {
                continue;
            }
            (FIRST.contains(name) ? first : rest).add(provider);
        }
        first.sort((a, b) -> Integer.compare(FIRST.indexOf(a.getKey()), FIRST.indexOf(b.getKey())));
        rest.removeIf(provider -> allFree(provider.getValue()));
        first.addAll(rest);
        return first;
    }

    private static boolean allFree(JsonNode provider) {
        Iterator<JsonNode> models = provider.path("models").elements();
        while (models.hasNext()) {
            ModelPrice price = price(models.next().path("cost"), false);
            if (price != null && !price.free()) {
                return false;
            }
        }
        return true;
    }

    private static ModelPrice price(JsonNode cost, boolean anthropic) {
        if (!cost.isObject()) {
            return null;
        }
        Double input = rate(cost, "input");
        Double cacheWrite = rate(cost, "cache_write");
        Double cacheWrite1h = rate(cost, "cache_write_1h");
        if (cacheWrite1h == null) {
            // Anthropic prices a 1-hour cache write at twice the input rate; elsewhere there is one write rate.
            cacheWrite1h = anthropic && input != null ? Double.valueOf(input * 2) : cacheWrite;
        }
        return new ModelPrice(input, rate(cost, "output"), rate(cost, "cache_read"), cacheWrite, cacheWrite1h);
    }

    private static Double rate(JsonNode cost, String field) {
        JsonNode value = cost.get(field);
        return value != null && value.isNumber() && value.asDouble() >= 0 ? value.asDouble() : null;
    }
}
