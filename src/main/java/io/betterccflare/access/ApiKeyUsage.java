package io.betterccflare.access;

/** How many requests a key sent and when it last did (epoch ms, null when never), from the request log. Immutable. */
public record ApiKeyUsage(long count, Long lastUsed) {
    public static final ApiKeyUsage NONE = new ApiKeyUsage(0, null);
}
