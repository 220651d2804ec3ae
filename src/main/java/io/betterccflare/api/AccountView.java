package io.betterccflare.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.server.Json;
import java.time.Instant;
import java.util.ArrayList;
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
        return of(account, now, sessionDurationMs, List.of());
    }

    /**
     * The view with the lockout fields of issue 11: {@code rateLimitedUntil} (ISO time, while the account is
     * benched), {@code rateLimitedReason} ({@code rate_limited}, {@code overloaded}, {@code auth}),
     * {@code rateLimitedWindow} (the rejected window(s) that caused a rate-limit lockout, e.g. {@code 5h}),
     * and {@code modelLockouts}: [{@code {family, until, window}}] for model families kept off the account.
     *
     * @param lockouts the account's active scoped lockouts ({@link ScopedLockouts#active(String, long)})
     */
    static Map<String, Object> of(Account account, long now, long sessionDurationMs, List<ScopedLockouts.Lockout> lockouts) {
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
        RateLimitState limit = account.rateLimit();
        boolean locked = limit.limitedAt(now);
        view.put("rateLimitReset", iso(limit.reset() != null && limit.reset() > now || !locked ? limit.reset() : limit.limitedUntil()));
        view.put("rateLimitRemaining", limit.remaining());
        view.put("rateLimitedUntil", locked ? iso(limit.limitedUntil()) : null);
        view.put("rateLimitedReason", locked ? limit.limitedReason() : null);
        String window = null;
        List<Map<String, Object>> families = new ArrayList<>();
        for (ScopedLockouts.Lockout lockout : lockouts) {
            if (ScopedLockouts.ACCOUNT.equals(lockout.scope())) {
                window = locked && lockout.until() == limit.limitedUntil() ? lockout.window() : null;
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("family", lockout.scope());
                entry.put("until", iso(lockout.until()));
                entry.put("window", lockout.window());
                families.add(entry);
            }
        }
        view.put("rateLimitedWindow", window);
        view.put("modelLockouts", families);
        view.put("sessionInfo", account.sessionActiveAt(now, sessionDurationMs)
                ? "Active: " + account.sessionRequestCount() + " reqs" : "-");
        view.put("autoFallbackEnabled", account.autoFallbackEnabled());
        view.put("autoRefreshEnabled", account.autoRefreshEnabled());
        view.put("customEndpoint", account.customEndpoint());
        view.put("requiresReauth", account.requiresReauth());
        view.put("maskedKey", account.maskedSecret());
        Map<String, Object> usage = account.provider() == Provider.ANTHROPIC ? usageData(account.usageData()) : null;
        String usageWindow = null;
        Double utilization = null;
        if (usage != null) {
            for (String name : USAGE_WINDOWS) {
                if (usage.get(name) instanceof Map<?, ?> entry && entry.get("utilization") instanceof Double value
                        && (utilization == null || value > utilization)) {
                    utilization = value;
                    usageWindow = name;
                }
            }
        }
        view.put("usageUtilization", utilization);
        view.put("usageWindow", usageWindow);
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
