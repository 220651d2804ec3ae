package io.betterccflare.metrics;

import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * {@code GET /metrics}: the Prometheus text exposition. Open while no API key exists and no metrics token
 * is configured; otherwise it needs {@code Authorization: Bearer <token>} (or {@code x-api-key}) carrying
 * the metrics token ({@code BETTER_CCFLARE_METRICS_TOKEN}) or a key {@link Access} accepts as admin.
 * Thread-safe.
 */
public final class MetricsRoutes implements RouteGroup {
    /** The Prometheus text format this route answers with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Who may scrape once API keys exist; the API-key feature supplies it. Implementations are thread-safe
     * and must compare keys in constant time.
     */
    public interface Access {
        /** No API keys configured: the proxy is open, and so is {@code /metrics} (unless a token is set). */
        Access OPEN = new Access() {
            @Override
            public boolean keysExist() {
                return false;
            }

            @Override
            public boolean isAdminKey(String presented) {
                return false;
            }
        };

        /** True once at least one API key exists. */
        boolean keysExist();

        /** True when {@code presented} is an enabled admin API key. */
        boolean isAdminKey(String presented);
    }

    private final Metrics metrics;
    private final Access access;
    private final byte[] token;

    /** @param metricsToken the separate scrape token, or null/blank for none */
    public MetricsRoutes(Metrics metrics, Access access, String metricsToken) {
        this.metrics = Objects.requireNonNull(metrics, "metrics == null");
        this.access = Objects.requireNonNull(access, "access == null");
        this.token = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/metrics", ctx -> {
            authorize(ctx);
            ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
        });
    }

    private void authorize(Context ctx) {
        if (token == null && !access.keysExist()) {
            return;
        }
        String presented = presented(ctx);
        if (presented == null) {
            throw new ApiException(401, "authentication_error",
                    "/metrics needs the metrics token or an admin API key (Authorization: Bearer ...)", null);
        }
        boolean tokenMatches = token != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
        if (!tokenMatches && !access.isAdminKey(presented)) {
            throw new ApiException(403, "permission_error", "The key is not the metrics token or an admin API key", null);
        }
    }

    private static String presented(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            return value.isEmpty() ? null : value;
        }
        String key = ctx.header("x-api-key");
        return key == null || key.isBlank() ? null : key.trim();
    }
}
