package io.betterccflare.ratelimit;

import java.util.Locale;

/**
 * The family of a model name, the unit a per-family rate-limit scope applies to: the first word of the
 * name after {@code claude-} that is not a version number. {@code claude-opus-4-1} and
 * {@code claude-3-opus-20240229} are {@code opus}, {@code claude-sonnet-4-5-20250929} is {@code sonnet},
 * {@code claude-fable-5} is {@code fable}. Names of other vendors are their own family (lower case, up
 * to the first {@code -} or {@code .} followed by a digit). Stateless.
 */
public final class ModelFamily {
    private ModelFamily() {
    }

    /** The family of {@code model}, or null when {@code model} is null or blank. */
    public static String of(String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String name = model.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("claude-")) {
            for (String word : name.substring("claude-".length()).split("[-_.@]")) {
                if (!word.isEmpty() && !Character.isDigit(word.charAt(0))) {
                    return word;
                }
            }
            return "claude";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c == '-' || c == '.') && i + 1 < name.length() && Character.isDigit(name.charAt(i + 1))) {
                return name.substring(0, i);
            }
        }
        return name;
    }
}
