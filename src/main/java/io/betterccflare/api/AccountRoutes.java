package io.betterccflare.api;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.ProxyUrl;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/accounts}: list, add (tokens, z.ai key, Anthropic-compatible key), delete with a typed
 * confirmation, and the per-account actions (pause, resume, rename, priority, tier, auto-fallback,
 * auto-refresh, custom-endpoint, proxy). {@code {id}} may be the account's id or its name. Validation and
 * "not found" failures come from {@link AccountService} and the body parser. Thread-safe.
 */
public final class AccountRoutes implements RouteGroup {
    private static final String ACCOUNT = "/api/accounts/{id}";

    private final AccountService accounts;
    private final Clock clock;
    private final long sessionDurationMs;
    private final ScopedLockouts lockouts;

    /** @param lockouts scoped lockouts, shown per account (model families kept off it, the window of a lockout) */
    public AccountRoutes(AccountService accounts, Clock clock, long sessionDurationMs, ScopedLockouts lockouts) {
        this.lockouts = lockouts;
        this.accounts = accounts;
        this.clock = clock;
        this.sessionDurationMs = sessionDurationMs;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/accounts", this::list);
        routes.post("/api/accounts", this::addWithTokens);
        routes.post("/api/accounts/zai", ctx -> addWithKey(ctx, AccountMode.ZAI, "z.ai"));
        routes.post("/api/accounts/console", ctx -> addWithKey(ctx, AccountMode.CONSOLE, "Console"));
        routes.post("/api/accounts/anthropic-compatible", ctx -> addWithKey(ctx, AccountMode.ANTHROPIC_COMPATIBLE, "Anthropic-compatible"));
        routes.delete(ACCOUNT, this::delete);
        routes.post(ACCOUNT + "/pause", ctx -> {
            Account account = accounts.pause(ctx.pathParam("id"));
            ctx.json(success("Account '" + account.name() + "' paused successfully"));
        });
        routes.post(ACCOUNT + "/resume", ctx -> {
            Account account = accounts.resume(ctx.pathParam("id"));
            ctx.json(success("Account '" + account.name() + "' resumed successfully"));
        });
        routes.post(ACCOUNT + "/rename", this::rename);
        routes.post(ACCOUNT + "/priority", ctx -> {
            int priority = JsonBody.of(ctx).requiredInt("priority");
            accounts.setPriority(ctx.pathParam("id"), priority);
            ctx.json(ApiBodies.of("success", true, "priority", priority));
        });
        routes.post(ACCOUNT + "/tier", ctx -> {
            int tier = JsonBody.of(ctx).requiredInt("tier");
            accounts.setTier(ctx.pathParam("id"), tier);
            ctx.json(ApiBodies.of("success", true, "tier", tier));
        });
        routes.post(ACCOUNT + "/auto-fallback", ctx -> {
            boolean enabled = JsonBody.of(ctx).requiredSwitch("enabled");
            Account account = accounts.setAutoFallback(ctx.pathParam("id"), enabled);
            Map<String, Object> body = success("Auto-fallback " + (enabled ? "enabled" : "disabled") + " for account '" + account.name() + "'");
            body.put("autoFallbackEnabled", enabled);
            ctx.json(body);
        });
        routes.post(ACCOUNT + "/auto-refresh", ctx -> {
            boolean enabled = JsonBody.of(ctx).requiredSwitch("enabled");
            Account account = accounts.setAutoRefresh(ctx.pathParam("id"), enabled);
            Map<String, Object> body = success("Auto-refresh " + (enabled ? "enabled" : "disabled") + " for account '" + account.name() + "'");
            body.put("autoRefreshEnabled", enabled);
            ctx.json(body);
        });
        routes.post(ACCOUNT + "/custom-endpoint", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            if (!body.has("customEndpoint")) {
                throw ApiException.badRequest("customEndpoint is required (send null or \"\" to clear it)");
            }
            accounts.setCustomEndpoint(ctx.pathParam("id"), body.optionalString("customEndpoint"));
            ctx.json(success("Custom endpoint updated successfully"));
        });
        routes.post(ACCOUNT + "/proxy", ctx -> {
            JsonBody body = JsonBody.of(ctx);
            if (!body.has("proxyUrl")) {
                throw ApiException.badRequest("proxyUrl is required (send null or \"\" to clear it)");
            }
            Account account = accounts.setProxyUrl(ctx.pathParam("id"), body.optionalString("proxyUrl"));
            Map<String, Object> response = success("Proxy URL updated successfully");
            response.put("proxyUrl", accounts.maskedProxyUrl(account.id()));
            ctx.json(response);
        });
    }

    private void list(Context ctx) {
        long now = clock.millis();
        Map<String, String> proxies = accounts.maskedProxyUrls();
        List<Map<String, Object>> views = accounts.list().stream()
                .map(account -> withProxy(AccountView.of(account, now, sessionDurationMs, lockouts.active(account.id(), now)),
                        proxies.get(account.id())))
                .toList();
        ctx.json(views);
    }

    private void addWithTokens(Context ctx) {
        JsonBody body = JsonBody.of(ctx);
        String provider = body.optionalString("provider");
        if (provider != null && !provider.equals("anthropic")) {
            throw ApiException.badRequest("provider must be one of: anthropic");
        }
        ProxyUrl proxy = proxyUrl(body);
        Account account = accounts.addTokenAccount(new AccountService.NewTokenAccount(
                body.optionalString("name"),
                body.optionalString("accessToken"),
                body.optionalString("refreshToken"),
                orDefault(body.optionalInt("tier"), 1),
                orDefault(body.optionalInt("priority"), 0),
                body.optionalString("customEndpoint")));
        setProxy(account, proxy);
        Map<String, Object> response = success("Account " + account.name() + " added successfully");
        response.put("tier", account.tier());
        response.put("priority", account.priority());
        response.put("accountId", account.id());
        ctx.json(response);
    }

    private void addWithKey(Context ctx, AccountMode mode, String label) {
        JsonBody body = JsonBody.of(ctx);
        String endpoint = body.optionalString("customEndpoint");
        if (mode == AccountMode.ANTHROPIC_COMPATIBLE && body.optionalString("endpoint") != null) {
            endpoint = body.optionalString("endpoint");
        }
        ProxyUrl proxy = proxyUrl(body);
        Account account = accounts.addKeyAccount(new AccountService.NewKeyAccount(
                body.optionalString("name"), mode, body.optionalString("apiKey"),
                orDefault(body.optionalInt("tier"), 1),
                orDefault(body.optionalInt("priority"), 0),
                endpoint));
        setProxy(account, proxy);
        Map<String, Object> view = withProxy(AccountView.of(account, clock.millis(), sessionDurationMs),
                accounts.maskedProxyUrl(account.id()));
        view.put("sessionInfo", "No active session");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("message", label + " account '" + account.name() + "' added successfully");
        response.put("account", view);
        ctx.json(response);
    }

    private void delete(Context ctx) {
        String target = ctx.pathParam("id");
        String confirm = JsonBody.of(ctx).optionalString("confirm");
        Account account = accounts.find(target);
        if (confirm == null || !(confirm.equals(account.name()) || confirm.equals(target))) {
            throw new ApiException(400, "invalid_request_error", "Confirmation string does not match account name",
                    Map.of("confirmationRequired", true));
        }
        accounts.remove(account.id());
        ctx.json(success("Account '" + account.name() + "' removed successfully"));
    }

    private void rename(Context ctx) {
        String newName = JsonBody.of(ctx).optionalString("name");
        Account before = accounts.rename(ctx.pathParam("id"), newName);
        String renamed = newName.trim();
        Map<String, Object> body = success("Account renamed from '" + before.name() + "' to '" + renamed + "'");
        body.put("newName", renamed);
        ctx.json(body);
    }

    /** An add's optional {@code proxyUrl}, validated before anything is stored; null when absent or blank. */
    private static ProxyUrl proxyUrl(JsonBody body) {
        return ProxyUrl.parse(body.optionalString("proxyUrl"));
    }

    /** Gives a just-added account the proxy its add asked for, if any. */
    private void setProxy(Account account, ProxyUrl proxy) {
        if (proxy != null) {
            accounts.setProxyUrl(account.id(), proxy.value());
        }
    }

    /** The view with {@code proxyUrl}: the account's own proxy, masked, or null. */
    private static Map<String, Object> withProxy(Map<String, Object> view, String maskedProxyUrl) {
        view.put("proxyUrl", maskedProxyUrl);
        return view;
    }

    private static Map<String, Object> success(String message) {
        return ApiBodies.of("success", true, "message", message);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
