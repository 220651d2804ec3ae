package io.betterccflare.agents;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Claude model ids as agents and the API accept them: any {@code claude-*} id (checked by pattern, so new models
 * need no release), and the shorthands {@code opus}, {@code sonnet} and {@code haiku} for the current models.
 * {@code inherit} (or nothing) means "keep the model the client asked for". Stateless; thread-safe.
 * Source: reference-core.md §8.1, with the [LATER] fixes (pattern validation, {@code haiku}, {@code sonnet} → Sonnet).
 */
public final class ModelIds {
    /** The keyword for "no override". */
    public static final String INHERIT = "inherit";

    /** Shorthand → current model id. */
    public static final Map<String, String> SHORTHANDS = shorthands();

    private static final Pattern CLAUDE_ID = Pattern.compile("claude-[a-z0-9][a-z0-9.\\-]{0,99}");

    private ModelIds() {
    }

    /**
     * The canonical id for a model the user typed: a shorthand becomes its id, a {@code claude-*} id is kept
     * (lower-cased). Throws {@link IllegalArgumentException} with a message fit for a 400 otherwise.
     */
    public static String canonical(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Model is required");
        }
        String trimmed = model.trim().toLowerCase(Locale.ROOT);
        String shorthand = SHORTHANDS.get(trimmed);
        if (shorthand != null) {
            return shorthand;
        }
        if (!CLAUDE_ID.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("Invalid model: '" + model.trim()
                    + "'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit");
        }
        return trimmed;
    }

    /** True for a missing model or {@code inherit}: no rewrite. */
    public static boolean inherits(String model) {
        return model == null || model.isBlank() || model.trim().equalsIgnoreCase(INHERIT);
    }

    /** A front-matter {@code model} as an id, or null when it inherits or is not a model this accepts. */
    public static String fromFrontmatter(String model) {
        if (inherits(model)) {
            return null;
        }
        try {
            return canonical(model);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> shorthands() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("opus", "claude-opus-4-5-20251101");
        map.put("sonnet", "claude-sonnet-4-5-20250929");
        map.put("haiku", "claude-haiku-4-5-20251001");
        return java.util.Collections.unmodifiableMap(map);
    }
}
