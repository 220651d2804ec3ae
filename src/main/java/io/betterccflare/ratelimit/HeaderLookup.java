package io.betterccflare.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the first value of a response header by case-insensitive name, or null when absent. A lookup made
 * with {@link #of} or {@link #ofLists} also knows the header names, which the generic unified-window parser
 * needs ({@code anthropic-ratelimit-unified-<scope>-*} for any scope); a bare lambda knows none.
 */
@FunctionalInterface
public interface HeaderLookup {
    String first(String name);

    /** Every header name, lower case; empty when unknown. */
    default Set<String> names() {
        return Set.of();
    }

    /** A lookup over single values keyed by lower-case name. */
    static HeaderLookup of(Map<String, String> headers) {
        return new HeaderLookup() {
            @Override
            public String first(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public Set<String> names() {
                return headers.keySet();
            }
        };
    }

    /** A lookup over a response's header lists keyed by lower-case name (as the upstream client gives them). */
    static HeaderLookup ofLists(Map<String, List<String>> headers) {
        return new HeaderLookup() {
            @Override
            public String first(String name) {
                List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
                return values == null || values.isEmpty() ? null : values.getFirst();
            }

            @Override
            public Set<String> names() {
                return headers.keySet();
            }
        };
    }
}
