package io.betterccflare.access;

import java.util.Objects;

/**
 * A stored API key, without its secret: id, unique name, the last 8 characters of the secret (to tell keys apart),
 * role, creation time (epoch ms) and limits. Immutable.
 */
public record ApiKey(String id, String name, String prefixLast8, Role role, long createdAt, KeyLimits limits) {
    public ApiKey {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(role, "role == null");
        Objects.requireNonNull(limits, "limits == null");
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** True for an admin key that has not expired at {@code nowMs}. */
    public boolean adminAt(long nowMs) {
        return admin() && !expired(nowMs);
    }

    /** True when the key has an expiry at or before {@code nowMs}. */
    public boolean expired(long nowMs) {
        return limits.expiresAt() != null && limits.expiresAt() <= nowMs;
    }

    ApiKey with(Role newRole, KeyLimits newLimits) {
        return new ApiKey(id, name, prefixLast8, newRole, createdAt, newLimits);
    }
}
