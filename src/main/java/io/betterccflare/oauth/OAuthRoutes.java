package io.betterccflare.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.Json;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/oauth/init} and {@code POST /api/oauth/callback} (reference-surface §2.4.9), over
 * {@link OAuthLogin}.
 *
 * <p>init body: {@code {name, mode?: "max"|"console", tier?, priority?, customEndpoint?}} →
 * {@code {success, authUrl, sessionId, step: "authorize"}}. Re-authentication of an existing account:
 * {@code {name: <existing id or name>, reauth: true, mode?}}; the account keeps its id, settings and
 * history. callback body: {@code {sessionId, code}} → {@code {success, message, mode, tier}}
 * (plus {@code accountId}, and {@code email} when known). Thread-safe.
 */
public final class OAuthRoutes implements RouteGroup {
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final OAuthLogin login;

    public OAuthRoutes(OAuthLogin login) {
        this.login = login;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/oauth/init", this::init);
        routes.post("/api/oauth/callback", this::callback);
    }

    private void init(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String mode = text(body, "mode");
        OAuthLogin.LoginStart start = body.path("reauth").asBoolean(false)
                ? login.beginReauth(text(body, "name"), mode)
                : login.begin(text(body, "name"), mode, integer(body, "tier"), integer(body, "priority"), text(body, "customEndpoint"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("authUrl", start.authUrl());
        response.put("sessionId", start.sessionId());
        response.put("step", "authorize");
        ctx.json(response);
    }

    private void callback(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String sessionId = text(body, "sessionId");
        if (sessionId == null) {
            throw ApiException.badRequest("sessionId is required");
        }
        if (!UUID_FORMAT.matcher(sessionId).matches()) {
            throw ApiException.badRequest("sessionId must be a UUID");
        }
        if (text(body, "code") == null) {
            throw ApiException.badRequest("code is required");
        }
        OAuthLogin.LoginResult result;
        try {
            result = login.complete(sessionId, text(body, "code"));
        } catch (OAuthException e) {
            throw e.kind() == OAuthException.Kind.INVALID
                    ? ApiException.badRequest(e.getMessage())
                    : new ApiException(502, "api_error", e.getMessage(), null);
        }
        var account = result.account();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", true);
        response.put("message", "Account '" + account.name() + "' "
                + (result.reauthenticated() ? "re-authenticated" : "added") + " successfully!");
        response.put("mode", OAuthLogin.label(account.mode()));
        response.put("tier", account.tier());
        response.put("accountId", account.id());
        if (account.email() != null) {
            response.put("email", account.email());
        }
        ctx.json(response);
    }

    private static JsonNode body(Context ctx) throws Exception {
        String raw = ctx.body();
        JsonNode node = raw.isBlank() ? null : Json.MAPPER.readTree(raw);
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && node.asText().trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.asText().trim());
        }
        throw ApiException.badRequest(field + " must be an integer");
    }
}
