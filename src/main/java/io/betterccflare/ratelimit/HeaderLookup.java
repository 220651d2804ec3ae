package io.betterccflare.ratelimit;

/** Reads the first value of a response header by case-insensitive name, or null when absent. */
@FunctionalInterface
public interface HeaderLookup {
    String first(String name);
}
