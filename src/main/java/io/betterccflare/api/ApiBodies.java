package io.betterccflare.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds small response objects with their fields in the order given (and nulls kept), so that
 * responses read the same every time. Stateless.
 */
public final class ApiBodies {
    private ApiBodies() {
    }

    /** {@code of("a", 1, "b", 2)} → a mutable {@code {"a":1,"b":2}}. */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }
}
