package io.betterccflare.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.ratelimit.ModelFamily;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's usage windows as parsed from the {@code GET /api/oauth/usage} answer stored in
 * {@code accounts.usage_data}: the flat windows ({@code five_hour}, {@code seven_day},
 * {@code seven_day_oauth_apps}, {@code seven_day_opus}) and the newer {@code limits[]} list, which fills
 * the 5-hour ({@code kind: session}) and weekly ({@code kind: weekly_all}) windows when the flat ones are
 * missing and carries per-model weekly caps ({@code weekly_scoped}). Unknown keys, nulls and malformed
 * values are ignored. Utilization is a percentage (0–100, may exceed 100). Immutable; thread-safe.
 *
 * <p>This is the one parser of usage data: the poller, {@code --list} and {@code GET /api/accounts}
 * ({@link #utilization()}, {@link #window()}, {@link #usageData()}) all read it.
 */
public record UsageWindows(Window fiveHour, Window sevenDay, Window sevenDayOauthApps, Window sevenDayOpus,
                           List<ScopedLimit> scoped) {

    /** Nothing known (never polled, or nothing parsable). */
    public static final UsageWindows EMPTY = new UsageWindows(null, null, null, null, List.of());

    /** The flat window names, in the reference's order. */
    public static final List<String> WINDOW_NAMES = List.of("five_hour", "seven_day", "seven_day_oauth_apps", "seven_day_opus");

    /** One window: utilization in percent (null when the answer had none) and when it resets (null if unknown). */
    public record Window(Double utilization, Instant resetsAt) {
    }

    /** A per-model (or otherwise scoped) weekly cap from {@code limits[]}. */
    public record ScopedLimit(String kind, String model, Double utilization, Instant resetsAt, String severity) {
    }

    public UsageWindows {
        scoped = List.copyOf(scoped);
    }

    /** Parses a usage answer; null, blank or unparsable text gives {@link #EMPTY}. */
    public static UsageWindows parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            return root != null && root.isObject() ? parse(root) : EMPTY;
        } catch (IOException e) {
            return EMPTY;
        }
    }

    /** Parses a usage answer already read as JSON. */
    public static UsageWindows parse(JsonNode root) {
        Window fiveHour = flat(root.get("five_hour"));
        Window sevenDay = flat(root.get("seven_day"));
        List<ScopedLimit> scoped = new ArrayList<>();
        JsonNode limits = root.get("limits");
        if (limits != null && limits.isArray()) {
            for (JsonNode limit : limits) {
                if (!limit.isObject()) {
                    continue;
                }
                String kind = text(limit.get("kind"));
                Window window = new Window(number(limit.get("percent")), instant(limit.get("resets_at")));
                if ("session".equals(kind)) {
                    fiveHour = fiveHour != null ? fiveHour : window;
                } else if ("weekly_all".equals(kind)) {
                    sevenDay = sevenDay != null ? sevenDay : window;
                } else if (kind != null) {
                    scoped.add(new ScopedLimit(kind, model(limit.get("scope")), window.utilization(), window.resetsAt(),
                            text(limit.get("severity"))));
                }
            }
        }
        return new UsageWindows(fiveHour, sevenDay, flat(root.get("seven_day_oauth_apps")), flat(root.get("seven_day_opus")), scoped);
    }

    /**
     * A model family whose own weekly cap is spent (issue 11): {@code family} as {@link ModelFamily} names it,
     * until {@code resetsAt}, from the usage answer's {@code window} ({@code seven_day_opus} or
     * {@code limits[].weekly_scoped}).
     */
    public record SpentFamily(String family, Instant resetsAt, String window) {
    }

    /**
     * The per-family weekly caps at or above 100 % whose reset lies after {@code now}: the flat
     * {@code seven_day_opus} window and every {@code limits[]} entry scoped to a model.
     */
    public List<SpentFamily> spentFamilies(Instant now) {
        List<SpentFamily> spent = new ArrayList<>();
        if (spent(sevenDayOpus == null ? null : sevenDayOpus.utilization(), sevenDayOpus == null ? null : sevenDayOpus.resetsAt(), now)) {
            spent.add(new SpentFamily("opus", sevenDayOpus.resetsAt(), "seven_day_opus"));
        }
        for (ScopedLimit limit : scoped) {
            String family = limit.model() == null ? null : ModelFamily.of("claude-" + limit.model().trim().replace(' ', '-'));
            if (family != null && spent(limit.utilization(), limit.resetsAt(), now)) {
                spent.add(new SpentFamily(family, limit.resetsAt(), limit.kind()));
            }
        }
        return spent;
    }

    private static boolean spent(Double utilization, Instant resetsAt, Instant now) {
        return utilization != null && utilization >= 100 && resetsAt != null && resetsAt.isAfter(now);
    }

    /** The weekly window ({@code seven_day}). */
    public Window weekly() {
        return sevenDay;
    }

    /** The highest utilization over the four flat windows, or null when none has one ({@code usageUtilization}). */
    public Double utilization() {
        String name = window();
        return name == null ? null : byName(name).utilization();
    }

    /** The name of the window with the highest utilization, or null ({@code usageWindow}). */
    public String window() {
        String best = null;
        double max = Double.NEGATIVE_INFINITY;
        for (String name : WINDOW_NAMES) {
            Window window = byName(name);
            if (window != null && window.utilization() != null && window.utilization() > max) {
                max = window.utilization();
                best = name;
            }
        }
        return best;
    }

    /**
     * The reference's {@code usageData} object: each flat window name mapped to
     * {@code {utilization, resets_at}} (ISO-8601 or null), or to null when absent; null when nothing is known.
     */
    public Map<String, Object> usageData() {
        if (equals(EMPTY)) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String name : WINDOW_NAMES) {
            Window window = byName(name);
            if (window == null) {
                data.put(name, null);
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("utilization", window.utilization());
                entry.put("resets_at", window.resetsAt() == null ? null : window.resetsAt().toString());
                data.put(name, entry);
            }
        }
        return data;
    }

    private Window byName(String name) {
        return switch (name) {
            case "five_hour" -> fiveHour;
            case "seven_day" -> sevenDay;
            case "seven_day_oauth_apps" -> sevenDayOauthApps;
            case "seven_day_opus" -> sevenDayOpus;
            default -> throw new IllegalArgumentException("unknown window " + name);
        };
    }

    private static Window flat(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Double utilization = number(node.get("utilization"));
        Instant resetsAt = instant(node.get("resets_at"));
        return utilization == null && resetsAt == null ? null : new Window(utilization, resetsAt);
    }

    private static String model(JsonNode scope) {
        if (scope == null || !scope.isObject()) {
            return null;
        }
        JsonNode model = scope.get("model");
        if (model == null || !model.isObject()) {
            return null;
        }
        String display = text(model.get("display_name"));
        return display != null ? display : text(model.get("id"));
    }

    private static Double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                double value = Double.parseDouble(node.asText().trim());
                return Double.isFinite(value) ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant instant(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }
}
