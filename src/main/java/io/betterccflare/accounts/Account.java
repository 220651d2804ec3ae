package io.betterccflare.accounts;

import java.util.Objects;

/**
 * One upstream account as stored: identity, credentials, routing settings, counters, session and
 * rate-limit state. An immutable snapshot of a row; read again to see later changes.
 *
 * @param customEndpoint base URL replacing the provider default, or null
 * @param requiresReauth the refresh token was refused ({@code invalid_grant}); routing skips the account
 * @param authFailedAt   when the upstream last refused this account's credentials (401/403), or null
 * @param usageData      last usage-window JSON from the usage poller, or null
 */
public record Account(
        String id,
        String name,
        Provider provider,
        AccountMode mode,
        Credentials credentials,
        long createdAt,
        Long lastUsed,
        long requestCount,
        long totalRequests,
        int tier,
        int priority,
        boolean paused,
        Long sessionStart,
        long sessionRequestCount,
        boolean autoFallbackEnabled,
        boolean autoRefreshEnabled,
        String customEndpoint,
        String email,
        boolean requiresReauth,
        Long authFailedAt,
        String authFailure,
        RateLimitState rateLimit,
        String usageData,
        Long usageUpdatedAt) {

    public Account {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(provider, "provider == null");
        Objects.requireNonNull(mode, "mode == null");
        Objects.requireNonNull(credentials, "credentials == null");
        Objects.requireNonNull(rateLimit, "rateLimit == null");
    }

    /** Stored secrets. {@code toString} masks them so that a logged record never leaks one. */
    public record Credentials(String apiKey, String refreshToken, String accessToken, Long expiresAt) {
        public boolean usesOAuth() {
            return refreshToken != null && !refreshToken.isEmpty() && (apiKey == null || apiKey.isEmpty());
        }

        @Override
        public String toString() {
            return "Credentials[apiKey=" + Secrets.mask(apiKey) + ", refreshToken=" + Secrets.mask(refreshToken)
                    + ", accessToken=" + Secrets.mask(accessToken) + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Not paused, not waiting for re-authentication, and not locked out at {@code now}. */
    public boolean availableAt(long now) {
        return !paused && !requiresReauth && !rateLimit.limitedAt(now);
    }

    /** True when a session started less than {@code durationMs} before {@code now}. */
    public boolean sessionActiveAt(long now, long durationMs) {
        return sessionStart != null && now - sessionStart < durationMs;
    }

    /** The key shown to people: masked API key, or masked access token. */
    public String maskedSecret() {
        String key = credentials.apiKey() != null ? credentials.apiKey() : credentials.accessToken();
        return Secrets.mask(key);
    }
}
