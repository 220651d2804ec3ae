package io.betterccflare.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.accounts.ControlCharacters;
import io.betterccflare.config.Config;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Talks to Anthropic's OAuth endpoints (anthropic-wire.md §5): builds authorize URLs, exchanges a pasted
 * code for tokens, refreshes tokens and mints Console API keys. The token endpoint and redirect URI live
 * under {@code BETTER_CCFLARE_OAUTH_URL}, {@code create_api_key} under {@code BETTER_CCFLARE_ANTHROPIC_URL}.
 * Blocking; thread-safe (the JDK client is).
 */
public final class OAuthClient {
    /** The default login's scopes, as Claude Code asks for them. */
    public static final String SCOPES =
            "org:create_api_key user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload";
    static final URI DEFAULT_OAUTH = URI.create("https://platform.claude.com");
    static final String CLAUDE_AI_AUTHORIZE = "https://claude.com/cai/oauth/authorize";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI oauthBase;
    private final URI anthropicBase;
    private final String clientId;

    public OAuthClient(HttpClient http, Config.Upstreams upstreams, String clientId) {
        this.http = Objects.requireNonNull(http, "http == null");
        this.oauthBase = upstreams.oauth();
        this.anthropicBase = upstreams.anthropic();
        this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    }

    /**
     * The browser URL for a login. Console logins go to {@code <oauth>/oauth/authorize}; Max logins go to
     * claude.com's authorize page, except when {@code BETTER_CCFLARE_OAUTH_URL} points elsewhere (a test or
     * a private OAuth server): then to {@code <oauth>/cai/oauth/authorize}, so one server owns the whole flow.
     */
    String authorizeUrl(boolean console, Pkce pkce) {
        String base = console ? oauthBase + "/oauth/authorize"
                : oauthBase.equals(DEFAULT_OAUTH) ? CLAUDE_AI_AUTHORIZE : oauthBase + "/cai/oauth/authorize";
        return base + "?code=true"
                + "&client_id=" + encode(clientId)
                + "&response_type=code"
                + "&redirect_uri=" + encode(redirectUri())
                + "&scope=" + encode(SCOPES)
                + "&code_challenge=" + encode(pkce.challenge())
                + "&code_challenge_method=S256"
                + "&state=" + encode(pkce.state());
    }

    String redirectUri() {
        return oauthBase + "/oauth/code/callback";
    }

    /** Exchanges an authorization code; an OAuth refusal is {@link OAuthException.Kind#INVALID}. */
    TokenGrant exchange(String code, String state, String verifier) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("grant_type", "authorization_code")
                .put("code", code)
                .put("state", state)
                .put("redirect_uri", redirectUri())
                .put("client_id", clientId)
                .put("code_verifier", verifier);
        HttpResponse<String> response = send(postJson(tokenUri(), body), "the OAuth token endpoint");
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new OAuthException(OAuthException.Kind.INVALID, "The authorization code was refused: "
                    + errorText(json, response.statusCode()));
        }
        TokenGrant grant = grantFrom(json);
        if (grant == null) {
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "The OAuth token endpoint answered without an access token");
        }
        return grant;
    }

    /** One refresh-token request. Never throws for network or HTTP failures: they are outcomes. */
    RefreshOutcome refresh(String refreshToken) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("grant_type", "refresh_token")
                .put("refresh_token", refreshToken)
                .put("client_id", clientId);
        HttpResponse<String> response;
        try {
            response = send(postJson(tokenUri(), body), "the OAuth token endpoint");
        } catch (OAuthException e) {
            return new RefreshOutcome.Failed(e.getMessage(), null);
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2) {
            TokenGrant grant = grantFrom(json);
            return grant == null
                    ? new RefreshOutcome.Failed("the token endpoint answered without an access token", null)
                    : new RefreshOutcome.Refreshed(grant);
        }
        String text = errorText(json, status);
        if ((status == 400 || status == 401) && "invalid_grant".equals(json.path("error").asText(null))) {
            return new RefreshOutcome.Rejected(text);
        }
        Long retryAfterMs = response.headers().firstValue("retry-after").map(OAuthClient::seconds).orElse(null);
        return new RefreshOutcome.Failed("token endpoint answered " + status + ": " + text, retryAfterMs);
    }

    /** Mints a permanent Console API key with a fresh access token ({@code create_api_key}). */
    String createApiKey(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(anthropicBase + "/api/oauth/claude_cli/create_api_key"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json, text/plain, */*")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = send(request, "the Anthropic API (create_api_key)");
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "Creating the Console API key failed: "
                    + errorText(json, response.statusCode()));
        }
        String key = json.path("raw_key").asText("");
        if (key.isBlank()) {
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "Creating the Console API key failed: no raw_key in the answer");
        }
        return key;
    }

    private URI tokenUri() {
        return URI.create(oauthBase + "/v1/oauth/token");
    }

    private static HttpRequest postJson(URI uri, JsonNode body) {
        return HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "Could not reach " + what + " at "
                    + request.uri().getScheme() + "://" + request.uri().getAuthority() + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "Interrupted while calling " + what);
        }
    }

    private static TokenGrant grantFrom(JsonNode json) {
        String access = text(json, "access_token");
        if (access == null) {
            return null;
        }
        if (ControlCharacters.in(access) || ControlCharacters.in(text(json, "refresh_token"))) {
            // Such a token could never go into a header: refuse it before it is stored (issue 10 part 6).
            throw new OAuthException(OAuthException.Kind.UPSTREAM, "The token endpoint answered a token with control characters");
        }
        JsonNode account = json.path("account");
        String email = text(account, "email_address");
        return new TokenGrant(access, text(json, "refresh_token"), json.path("expires_in").asLong(0),
                email != null ? email : text(account, "email"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** {@code error_description}, else {@code error}, else {@code message}, else the status. */
    private static String errorText(JsonNode json, int status) {
        for (String field : new String[] {"error_description", "error", "message"}) {
            JsonNode node = json.get(field);
            if (node != null && node.isTextual() && !node.asText().isBlank()) {
                return node.asText();
            }
            if (node != null && node.isObject() && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        }
        return "HTTP " + status;
    }

    private static Long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim())) * 1000;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
