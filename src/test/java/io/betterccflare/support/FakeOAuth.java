package io.betterccflare.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake of Anthropic's OAuth and usage endpoints on loopback, faithful to anthropic-wire.md §5:
 * {@code POST /v1/oauth/token} (authorization_code with real PKCE S256 checks, and refresh_token),
 * {@code POST /api/oauth/claude_cli/create_api_key} and {@code GET /api/oauth/usage}. {@link #authorize}
 * plays the user's browser step and returns the {@code code#state} text to paste. Tokens it issues are
 * unique; only issued, unexpired-by-rotation access tokens are accepted. Thread-safe.
 */
public final class FakeOAuth implements AutoCloseable {
    public static final String CLIENT_ID = "9d1c250a-e61b-44d9-88ed-5944d1962f5e";
    public static final String USAGE_BODY = """
            {"five_hour":{"utilization":15.0,"resets_at":"2026-07-19T03:39:59.570750+00:00"},
             "seven_day":{"utilization":48.0,"resets_at":"2026-07-23T14:59:59.570774+00:00"},
             "seven_day_oauth_apps":null,"seven_day_opus":null}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeHttpServer http = new FakeHttpServer();
    private final Map<String, String[]> codes = new ConcurrentHashMap<>();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refreshCalls = new AtomicInteger();
    private volatile Function<JsonNode, FakeHttpServer.Reply> refreshResponder = this::rotate;
    private volatile FakeHttpServer.Reply usageReply = FakeHttpServer.Reply.json(200, USAGE_BODY);
    private volatile String email = "me@example.com";
    private volatile boolean returnRefreshToken = true;
    private volatile String accessTokenSuffix = "";

    public FakeOAuth() {
        http.route("POST", "/v1/oauth/token", this::token)
                .route("POST", "/api/oauth/claude_cli/create_api_key", this::createApiKey)
                .route("GET", "/api/oauth/usage", request -> accessTokens.contains(bearer(request))
                        ? usageReply
                        : FakeHttpServer.Reply.json(401,
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Invalid bearer token\"}}"));
    }

    public URI uri() {
        return http.uri();
    }

    public FakeHttpServer http() {
        return http;
    }

    /** The user's browser step: checks the authorize URL and returns what the callback page shows. */
    public String authorize(String authUrl) {
        URI uri = URI.create(authUrl);
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (!CLIENT_ID.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))
                || !"code".equals(query.get("response_type")) || !"true".equals(query.get("code"))
                || !query.get("scope").contains("user:inference")) {
            throw new IllegalArgumentException("bad authorize URL: " + authUrl);
        }
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new String[] {query.get("code_challenge"), query.get("redirect_uri"), query.get("state")});
        return code + "#" + query.get("state");
    }

    /** Issues a valid token pair directly (as if a login had happened), for tests that start from an account. */
    public String[] issuePair() {
        String access = "sk-ant-oat01-" + UUID.randomUUID();
        String refresh = "sk-ant-ort01-" + UUID.randomUUID();
        accessTokens.add(access);
        refreshTokens.add(refresh);
        return new String[] {access, refresh};
    }

    public int refreshCalls() {
        return refreshCalls.get();
    }

    public void refreshResponder(Function<JsonNode, FakeHttpServer.Reply> responder) {
        this.refreshResponder = responder;
    }

    public void usageReply(FakeHttpServer.Reply reply) {
        this.usageReply = reply;
    }

    public void email(String email) {
        this.email = email;
    }

    /** Text (already JSON-escaped) appended to every access token issued from now on, to play a broken server. */
    public void accessTokenSuffix(String jsonEscaped) {
        this.accessTokenSuffix = jsonEscaped;
    }

    public void returnRefreshToken(boolean value) {
        this.returnRefreshToken = value;
    }

    public boolean isIssuedAccessToken(String token) {
        return accessTokens.contains(token);
    }

    /** The default refresh behaviour: the refresh token must be current; both tokens rotate. */
    public FakeHttpServer.Reply rotate(JsonNode body) {
        String old = body.path("refresh_token").asText();
        if (!refreshTokens.remove(old)) {
            return FakeHttpServer.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token not found or invalid\"}");
        }
        return grant(true);
    }

    private FakeHttpServer.Reply token(FakeHttpServer.Request request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return FakeHttpServer.Reply.json(400, "{\"error\":\"invalid_request\"}");
        }
        if (!CLIENT_ID.equals(body.path("client_id").asText())) {
            return FakeHttpServer.Reply.json(400, "{\"error\":\"invalid_client\"}");
        }
        return switch (body.path("grant_type").asText()) {
            case "authorization_code" -> exchange(body);
            case "refresh_token" -> {
                refreshCalls.incrementAndGet();
                yield refreshResponder.apply(body);
            }
            default -> FakeHttpServer.Reply.json(400, "{\"error\":\"unsupported_grant_type\"}");
        };
    }

    private FakeHttpServer.Reply exchange(JsonNode body) {
        String[] issued = codes.remove(body.path("code").asText());
        if (issued == null) {
            return FakeHttpServer.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid 'code' in request.\"}");
        }
        if (!issued[0].equals(challenge(body.path("code_verifier").asText()))
                || !issued[1].equals(body.path("redirect_uri").asText())
                || !issued[2].equals(body.path("state").asText())) {
            return FakeHttpServer.Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE verification failed\"}");
        }
        return grant(returnRefreshToken);
    }

    private FakeHttpServer.Reply grant(boolean withRefresh) {
        String access = "sk-ant-oat01-" + UUID.randomUUID();
        accessTokens.add(access);
        StringBuilder json = new StringBuilder("{\"token_type\":\"Bearer\",\"access_token\":\"" + access + accessTokenSuffix
                + "\",\"expires_in\":28800");
        if (withRefresh) {
            String refresh = "sk-ant-ort01-" + UUID.randomUUID();
            refreshTokens.add(refresh);
            json.append(",\"refresh_token\":\"").append(refresh).append('"');
        }
        json.append(",\"scope\":\"user:inference user:profile\"");
        if (email != null) {
            json.append(",\"account\":{\"uuid\":\"").append(UUID.randomUUID()).append("\",\"email_address\":\"").append(email).append("\"}");
        }
        return FakeHttpServer.Reply.json(200, json.append('}').toString());
    }

    private FakeHttpServer.Reply createApiKey(FakeHttpServer.Request request) {
        if (!accessTokens.contains(bearer(request))) {
            return FakeHttpServer.Reply.json(401, "{\"error\":{\"message\":\"Invalid bearer token\"}}");
        }
        return FakeHttpServer.Reply.json(200, "{\"raw_key\":\"sk-ant-api03-" + UUID.randomUUID() + "\"}");
    }

    private static String bearer(FakeHttpServer.Request request) {
        String header = request.header("authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
