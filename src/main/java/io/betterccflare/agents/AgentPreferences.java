package io.betterccflare.agents;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Per-agent model preferences ({@code agent_preferences(agent_id, model, updated_at)}, the reference's table): the
 * model an agent's requests are rewritten to. Reads come from a cache refreshed every 5 s and after each write.
 * Thread-safe.
 */
public final class AgentPreferences {
    private static final long CACHE_MS = 5_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final TableCache<Map<String, String>> cache;

    public AgentPreferences(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.cache = new TableCache<>(this::load, clock, CACHE_MS);
    }

    /** The stored model for the agent, or null. */
    public String model(String agentId) {
        return cache.get().get(agentId);
    }

    /** Every stored preference, agent id → model. */
    public Map<String, String> all() {
        return cache.get();
    }

    /** Stores {@code model} (a canonical id) for each agent. */
    public void set(Collection<String> agentIds, String model) {
        long now = clock.millis();
        call("Saving agent preferences", handle -> {
            var batch = handle.prepareBatch("""
                    INSERT INTO agent_preferences (agent_id, model, updated_at) VALUES (:id, :model, :now)
                    ON CONFLICT (agent_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at""");
            for (String id : agentIds) {
                batch.bind("id", id).bind("model", model).bind("now", now).add();
            }
            return agentIds.isEmpty() ? null : batch.execute();
        });
        cache.invalidate();
    }

    /** Removes the agent's preference (its requests keep their model). */
    public void clear(String agentId) {
        call("Clearing an agent preference", handle -> handle.createUpdate("DELETE FROM agent_preferences WHERE agent_id = :id")
                .bind("id", agentId).execute());
        cache.invalidate();
    }

    private Map<String, String> load() {
        return call("Reading agent preferences", handle -> {
            Map<String, String> map = new HashMap<>();
            handle.createQuery("SELECT agent_id, model FROM agent_preferences")
                    .map((row, ctx) -> Map.entry(row.getString("agent_id"), row.getString("model")))
                    .forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return Map.copyOf(map);
        });
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
