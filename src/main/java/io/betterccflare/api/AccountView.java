package io.betterccflare.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.server.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link Account} into the reference's {@code AccountResponse} JSON object (§2.4.4), plus
 * {@code mode}, {@code maskedKey} and {@code requiresReauth}. Secrets never appear: only the masked key.
 * Stateless; thread-safe.
 */
final class AccountView {
    static final List<String> USAGE_WINDOWS = List.of("five_hour", "seven_day", "seven_day_oauth_apps", "seven_day_opus");

    private AccountView() {
    }

    static Map<String, Object> of(Account account, long now, long sessionDurationMs) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("name", account.name());
        view.put("provider", account.provider().id());
        view.put("mode", account.mode().id());
        view.put("requestCount", account.requestCount());
        view.put("totalRequests", account.totalRequests());
        view.put("lastUsed", iso(account.lastUsed()));
        view.put("created", iso(account.createdAt()));
        view.put("tier", account.tier());
        view.put("paused", account.paused());
        view.put("priority", account.priority());
        view.put("tokenStatus", tokenStatus(account, now));
        view.put("tokenExpiresAt", iso(account.credentials().expiresAt()));
        view.put("rateLimitStatus", rateLimitStatus(account.rateLimit(), now));
        view.put("rateLimitReset", iso(account.rateLimit().reset()));
        view.put("rateLimitRemaining", account.rateLimit().remaining());
        view.put("sessionInfo", account.sessionActiveAt(now, sessionDurationMs)
                ? "Active: " + account.sessionRequestCount() + " reqs" : "-");
        view.put("autoFallbackEnabled", account.autoFallbackEnabled());
        view.put("autoRefreshEnabled", account.autoRefreshEnabled());
        view.put("customEndpoint", account.customEndpoint());
        view.put("requiresReauth", account.requiresReauth());
        view.put("maskedKey", account.maskedSecret());
        Map<String, Object> usage = account.provider() == Provider.ANTHROPIC ? usageData(account.usageData()) : null;
        String window = null;
        Double utilization = null;
        if (usage != null) {
            for (String name : USAGE_WINDOWS) {
                if (usage.get(name) instanceof Map<?, ?> entry && entry.get("utilization") instanceof Double value
                        && (utilization == null || value > utilization)) {
                    utilization = value;
                    window = name;
                }
            }
        }
        view.put("usageUtilization", utilization);
        view.put("usageWindow", window);
        view.put("usageData", usage);
        return view;
    }

    /** Subscription tokens are valid while unexpired; API keys have no expiry and are always valid. */
    private static String tokenStatus(Account account, long now) {
        Long expiresAt = account.credentials().expiresAt();
        if (expiresAt == null) {
            return account.credentials().usesOAuth() ? "expired" : "valid";
        }
        return expiresAt > now ? "valid" : "expired";
    }

    /**
     * The stored unified status with the minutes to its reset, unless our own lockout is running while
     * the status still reads "allowed"; then {@code Rate limited (Nm)}; else {@code OK}.
     */
    static String rateLimitStatus(RateLimitState state, long now) {
        boolean locked = state.limitedAt(now);
        if (state.status() != null && !(locked && state.status().startsWith("allowed"))) {
            return state.status() + (state.reset() != null && state.reset() > now ? " (" + minutesUntil(state.reset(), now) + "m)" : "");
        }
        if (locked) {
            return "Rate limited (" + minutesUntil(state.limitedUntil(), now) + "m)";
        }
        return "OK";
    }

    private static long minutesUntil(long then, long now) {
        return (then - now + 59_999) / 60_000;
    }

    /** The poller's JSON as {@code {window: {utilization, resets_at}}} for the four windows; null when absent or unreadable. */
    private static Map<String, Object> usageData(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        for (String name : USAGE_WINDOWS) {
            JsonNode window = root.get(name);
            if (window == null || !window.isObject() || !window.path("utilization").isNumber()) {
                usage.put(name, null);
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("utilization", window.get("utilization").doubleValue());
            JsonNode resets = window.get("resets_at");
            entry.put("resets_at", resets != null && resets.isTextual() ? resets.asText() : null);
            usage.put(name, entry);
        }
        return usage;
    }

    static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
