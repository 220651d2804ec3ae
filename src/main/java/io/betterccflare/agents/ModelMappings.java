package io.betterccflare.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Per-account model policy ({@code account_model_policies}): mappings from requested-model patterns to the
 * provider's model names (for example {@code claude-sonnet-*} → {@code glm-4.6} on a z.ai account), tried in
 * order, first match wins; and "serve only the requested model", which sends the client's own model unchanged
 * (no agent override, no mapping). Reads come from a cache refreshed every 5 s and after each write. Thread-safe.
 */
public final class ModelMappings {
    private static final long CACHE_MS = 5_000;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9*._:/@-]{1,200}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/@-]{1,200}");

    /**
     * One account's policy: {@code mappings} pattern → model in match order ({@code *} matches any characters,
     * case-insensitive). Immutable.
     */
    public record Policy(Map<String, String> mappings, boolean serveRequestedOnly) {
        public static final Policy NONE = new Policy(Map.of(), false);

        public Policy {
            mappings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        }

        /** The model to send for {@code requested}: the first matching mapping's, else {@code requested}. */
        public String map(String requested) {
            if (requested == null || serveRequestedOnly) {
                return requested;
            }
            for (Map.Entry<String, String> mapping : mappings.entrySet()) {
                if (matches(mapping.getKey(), requested)) {
                    return mapping.getValue();
                }
            }
            return requested;
        }

        /** Glob match: {@code *} is any run of characters; case-insensitive. */
        static boolean matches(String pattern, String model) {
            String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
            String text = model.toLowerCase(Locale.ROOT);
            if (parts.length == 1) {
                return text.equals(parts[0]);
            }
            if (!text.startsWith(parts[0])) {
                return false;
            }
            int at = parts[0].length();
            for (int i = 1; i < parts.length - 1; i++) {
                int found = text.indexOf(parts[i], at);
                if (found < 0) {
                    return false;
                }
                at = found + parts[i].length();
            }
            String last = parts[parts.length - 1];
            return text.length() - last.length() >= at && text.endsWith(last);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final TableCache<Map<String, Policy>> cache;

    public ModelMappings(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.cache = new TableCache<>(this::load, clock, CACHE_MS);
    }

    /** The account's policy ({@link Policy#NONE} when it has none). */
    public Policy policy(String accountId) {
        return accountId == null ? Policy.NONE : cache.get().getOrDefault(accountId, Policy.NONE);
    }

    /** Replaces the account's policy after checking it; throws {@link IllegalArgumentException} on a bad pattern or model. */
    public Policy save(String accountId, Policy policy) {
        Objects.requireNonNull(accountId, "accountId == null");
        policy.mappings().forEach(ModelMappings::check);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(policy.mappings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write model mappings", e);
        }
        long now = clock.millis();
        call("Saving model mappings", handle -> handle.createUpdate("""
                        INSERT INTO account_model_policies (account_id, mappings, serve_requested_only, updated_at)
                        VALUES (:id, :json, :only, :now)
                        ON CONFLICT (account_id) DO UPDATE SET mappings = excluded.mappings,
                            serve_requested_only = excluded.serve_requested_only, updated_at = excluded.updated_at""")
                .bind("id", accountId).bind("json", json).bind("only", policy.serveRequestedOnly()).bind("now", now).execute());
        cache.invalidate();
        return policy;
    }

    /** The policy with {@code pattern} mapped to {@code model} (a blank model removes the mapping). */
    public Policy put(String accountId, String pattern, String model) {
        Policy current = policy(accountId);
        Map<String, String> mappings = new LinkedHashMap<>(current.mappings());
        if (model == null || model.isBlank()) {
            mappings.remove(pattern.trim());
        } else {
            mappings.put(pattern.trim(), model.trim());
        }
        return save(accountId, new Policy(mappings, current.serveRequestedOnly()));
    }

    private static void check(String pattern, String model) {
        if (pattern == null || !PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException("Invalid model pattern '" + pattern
                    + "': use model-name characters and * (for example claude-sonnet-*)");
        }
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("Invalid target model '" + model + "' for pattern '" + pattern
                    + "': a model name without spaces or *");
        }
    }

    private Map<String, Policy> load() {
        return call("Reading model mappings", handle -> {
            Map<String, Policy> map = new HashMap<>();
            handle.createQuery("SELECT account_id, mappings, serve_requested_only FROM account_model_policies")
                    .map((row, ctx) -> Map.entry(row.getString("account_id"),
                            new Policy(parse(row.getString("mappings")), row.getBoolean("serve_requested_only"))))
                    .forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return Map.copyOf(map);
        });
    }

    private static Map<String, String> parse(String json) {
        Map<String, String> mappings = new LinkedHashMap<>();
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            node.properties().forEach(entry -> mappings.put(entry.getKey(), entry.getValue().asText()));
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored model mappings are not JSON: " + e.getOriginalMessage(), e);
        }
        return mappings;
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
