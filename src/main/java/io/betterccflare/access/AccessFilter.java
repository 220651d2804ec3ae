package io.betterccflare.access;

import io.betterccflare.api.ApiBodies;
import io.betterccflare.config.Config;
import io.betterccflare.dashboard.DashboardRoutes;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every path before any route runs (a Javalin before-handler), so that routes added later, such as
 * {@code /metrics}, are covered too. Always on: the {@code Host} allowlist (403), no CORS headers unless the
 * {@code Origin} is configured, state-changing requests only from this server's own origin or none (403), JSON-only
 * bodies on state-changing {@code /api/*} requests (415), and no framing of anything but the proxied API. Once an
 * API key exists: {@code /v1/*} (every proxied path) needs a key of any role from {@code x-api-key} or
 * {@code Authorization: Bearer}, and so do Claude Code's own calls on its base URL ({@code HEAD /api/hello}, its
 * telemetry); {@code /api/*} and the dashboard need an admin key or an admin's session cookie (from
 * {@code POST /api/auth/login}); {@code /metrics} asks {@link ApiKeys#metricsAccess} itself, next to the metrics
 * token; {@code /health} stays open but tells only an admin more than liveness; the login page and static assets
 * stay open.
 * Wrong keys from one address are slowed down by a {@link FailureThrottle}. The authenticated key is left on the
 * request as the attribute {@value #KEY_ATTRIBUTE}. Thread-safe.
 */
public final class AccessFilter implements RouteGroup {
    /** The request attribute holding the authenticated {@link ApiKey}. */
    public static final String KEY_ATTRIBUTE = "better-ccflare.apiKey";
    static final String SESSION_COOKIE = "bcf_session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String LOGIN_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final ApiKeys keys;
    private final HostPolicy hosts;
    private final FailureThrottle throttle;
    private final Clock clock;
    private final LoginPage loginPage = LoginPage.load();

    public AccessFilter(ApiKeys keys, Config.Access access, String boundHost, Clock clock) {
        this.keys = keys;
        this.hosts = new HostPolicy(access, boundHost);
        this.throttle = new FailureThrottle(clock);
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(this::check);
        routes.get("/login", ctx -> loginPage.serve(ctx, "login.html", LOGIN_CSP));
        routes.get("/login.js", ctx -> loginPage.serve(ctx, "login.js", LOGIN_CSP));
        routes.get("/login.css", ctx -> loginPage.serve(ctx, "login.css", LOGIN_CSP));
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.get("/api/auth/session", this::session);
    }

    private void check(Context ctx) {
        String path = ctx.path();
        String method = ctx.method().name();
        String host = ctx.header("Host");
        if (!hosts.hostAllowed(host)) {
            throw new ApiException(403, "permission_error", "Host '" + HostPolicy.hostName(host)
                    + "' is not allowed: add it to BETTER_CCFLARE_ALLOWED_HOSTS to reach this server by that name", null);
        }
        Area area = Area.of(path);
        if (area != Area.PROXY) {
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Content-Security-Policy", "frame-ancestors 'none'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
        }
        String origin = ctx.header("Origin");
        boolean cors = origin != null && hosts.corsAllows(origin);
        if (cors) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Expose-Headers", "retry-after, request-id");
        }
        if (method.equals("OPTIONS")) {
            // Answered next by EdgeRoutes (204 with Allow, nothing else); a preflight from a listed origin gets CORS.
            if (cors && ctx.header("Access-Control-Request-Method") != null) {
                ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, HEAD");
                String asked = ctx.header("Access-Control-Request-Headers");
                if (asked != null) {
                    ctx.header("Access-Control-Allow-Headers", asked);
                }
                ctx.header("Access-Control-Max-Age", "600");
            }
            return;
        }
        if (!SAFE_METHODS.contains(method)) {
            if (origin != null && !hosts.originAllowed(origin, host)) {
                throw new ApiException(403, "permission_error", "Cross-origin request refused: origin " + origin
                        + " is not this server (list it in BETTER_CCFLARE_CORS_ORIGINS to allow it)", null);
            }
            if (path.startsWith("/api/") && hasBody(ctx) && !json(ctx.header("Content-Type"))) {
                throw new ApiException(415, "invalid_request_error", "Content-Type must be application/json", null);
            }
        }
        if (!keys.enabled()) {
            return;
        }
        if (path.equals("/health") && (method.equals("GET") || method.equals("HEAD"))) {
            String secret = presentedKey(ctx);
            Optional<ApiKey> caller = secret != null ? keys.authenticate(secret) : keys.session(ctx.cookie(SESSION_COOKIE));
            if (caller.filter(key -> key.adminAt(clock.millis())).isPresent()) {
                return;
            }
            // With keys on, the open health check says only that the server is alive; admins see the details.
            ctx.json(ApiBodies.of("status", "ok", "timestamp", Instant.ofEpochMilli(clock.millis()).toString()));
            ctx.skipRemainingHandlers();
            return;
        }
        if (area != Area.OPEN) {
            authenticate(ctx, area);
        }
    }

    private void authenticate(Context ctx, Area area) {
        String secret = presentedKey(ctx);
        ApiKey key;
        if (secret != null) {
            key = verify(ctx, secret, area);
        } else {
            key = area == Area.PROXY ? null : keys.session(ctx.cookie(SESSION_COOKIE)).orElse(null);
        }
        if (key == null) {
            if (area == Area.PAGE && ctx.method().name().equals("GET")) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.path(), java.nio.charset.StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            throw new ApiException(401, "authentication_error", area == Area.PROXY
                    ? "An API key is required: send it as x-api-key or Authorization: Bearer"
                    : "An admin API key is required: send it as x-api-key or Authorization: Bearer, or log in at /login", null);
        }
        if (key.expired(clock.millis())) {
            throw new ApiException(401, "authentication_error", "API key '" + key.name() + "' expired at "
                    + Instant.ofEpochMilli(key.limits().expiresAt()), null);
        }
        if (area != Area.PROXY && !key.admin()) {
            throw new ApiException(403, "permission_error", "API key '" + key.name() + "' has the api-only role:"
                    + " /api, /metrics and the dashboard need an admin key", null);
        }
        ctx.req().setAttribute(KEY_ATTRIBUTE, key);
    }

    /** The key for {@code secret}, or a 401 (counted against {@code address}), or a 429 while it is slowed down. */
    private ApiKey verify(Context ctx, String secret, Area area) {
        String address = ctx.req().getRemoteAddr();
        long blocked = throttle.blockedSeconds(address);
        if (blocked > 0) {
            ctx.header("Retry-After", Long.toString(blocked));
            throw new ApiException(429, "rate_limit_error",
                    "Too many failed API key attempts from this address; retry in " + blocked + " s", null);
        }
        Optional<ApiKey> key = keys.authenticate(secret);
        if (key.isEmpty()) {
            throttle.failed(address);
            throw new ApiException(401, "authentication_error", area == Area.PROXY ? "invalid x-api-key" : "Invalid API key", null);
        }
        return key.get();
    }


    private void login(Context ctx) {
        Map<?, ?> body = ctx.bodyAsClass(Map.class);
        Object secret = body.get("apiKey");
        if (!(secret instanceof String text) || text.isBlank()) {
            throw ApiException.badRequest("apiKey is required");
        }
        if (!keys.enabled()) {
            throw ApiException.badRequest("No API keys exist: the dashboard needs no login");
        }
        ApiKey key = verify(ctx, text.trim(), Area.API);
        if (key.expired(clock.millis())) {
            throw new ApiException(401, "authentication_error", "API key '" + key.name() + "' has expired", null);
        }
        if (!key.admin()) {
            throw new ApiException(403, "permission_error", "API key '" + key.name() + "' has the api-only role:"
                    + " the dashboard needs an admin key", null);
        }
        ctx.cookie(new Cookie(SESSION_COOKIE, keys.openSession(key), "/", (int) (ApiKeys.SESSION_MS / 1000),
                secure(ctx), true, null, SameSite.STRICT));
        ctx.json(ApiBodies.of("success", true, "name", key.name(), "role", key.role().id()));
    }

    private void logout(Context ctx) {
        keys.closeSession(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secure(ctx), true, null, SameSite.STRICT));
        ctx.json(ApiBodies.of("success", true));
    }

    private void session(Context ctx) {
        Object key = ctx.req().getAttribute(KEY_ATTRIBUTE);
        if (key instanceof ApiKey apiKey) {
            ctx.json(ApiBodies.of("enabled", true, "name", apiKey.name(), "role", apiKey.role().id()));
        } else {
            ctx.json(ApiBodies.of("enabled", keys.enabled()));
        }
    }

    /** The key from {@code x-api-key} or {@code Authorization: Bearer}, if either is present. */
    private static String presentedKey(Context ctx) {
        String apiKey = ctx.header("x-api-key");
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    /** Secure cookies when the client reached us over HTTPS (directly or through a TLS-terminating proxy). */
    private static boolean secure(Context ctx) {
        return ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    /** Which rule applies to a path. */
    private enum Area {
        /** {@code /health}, {@code /metrics}, the login page and its files, login/logout, the dashboard's static code. */
        OPEN,
        /** The management API: admin keys. */
        API,
        /** Dashboard pages: admin keys, or a redirect to the login page. */
        PAGE,
        /** Everything the proxy serves: keys of any role. */
        PROXY;

        /** What Claude Code itself calls on its base URL besides {@code /v1/*} (preconnect, telemetry): any key. */
        private static final Set<String> CLIENT_CALLS = Set.of("/api/hello", "/api/event_logging/batch",
                "/api/system/package-manager");

        static Area of(String path) {
            // /metrics guards itself (MetricsRoutes): the metrics token or an admin key, asked of ApiKeys.
            if (path.equals("/metrics") || path.equals("/health") || path.equals("/login") || path.equals("/login.js") || path.equals("/login.css")
                    || path.equals("/api/auth/login") || path.equals("/api/auth/logout")
                    || path.startsWith("/assets/") || path.startsWith("/webjars/")) {
                return OPEN;
            }
            if (CLIENT_CALLS.contains(path)) {
                return PROXY;
            }
            if (path.startsWith("/api/") || path.equals("/api")) {
                return API;
            }
            return DashboardRoutes.PAGES.contains(path) ? PAGE : PROXY;
        }
    }
}
