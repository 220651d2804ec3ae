package io.betterccflare.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy, in each direction. Towards the upstream: everything the client sent
 * except hop-by-hop headers, those the HTTP client sets itself ({@code host}, {@code content-length}),
 * our own {@code x-better-ccflare-*} headers, and, when an account's credentials are injected, the
 * client's {@code authorization} and {@code x-api-key}; the {@link HopMarker} is added. The client's {@code accept-encoding} becomes
 * {@code identity}: the proxy reads every body it relays (usage, errors, stored payloads), and measured
 * that asking for identity costs less than decoding (bench/RESULTS.md, "Compression"). Towards the
 * client: the upstream's headers minus hop-by-hop ones, those the upstream's {@code connection} header
 * names, and {@code date} (the server sets its own). Stateless; thread-safe.
 */
final class HeaderPolicy {
    static final String OAUTH_BETA = "oauth-2025-04-20";
    static final String FORCED_ACCOUNT = "x-better-ccflare-account-id";
    private static final String OWN_PREFIX = "x-better-ccflare-";
    /** Sent by auto-refresh probes: the response must not start or move a session (reference-core §5). */
    static final String BYPASS_SESSION = "x-better-ccflare-bypass-session";
    /** Sent by auto-refresh probes with this process's probe token, which lets them reach a locked-out account. */
    static final String AUTO_REFRESH = "x-better-ccflare-auto-refresh";

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate",
            "transfer-encoding", "te", "trailer", "upgrade", "http2-settings");
    /** Set by the {@link UpstreamHttp} from the request itself, or by this policy ({@code accept-encoding}). */
    private static final Set<String> CLIENT_MANAGED = Set.of("host", "content-length", "expect", "accept-encoding");
    static final Set<String> CREDENTIALS = Set.of("authorization", "x-api-key");
    private static final Set<String> NOT_RECORDED = Set.of("authorization", "x-api-key", "cookie", "proxy-authorization");

    private HeaderPolicy() {
    }

    /** How the upstream request authenticates. */
    sealed interface Auth {
        /** Pass-through: the client's own credentials go upstream. */
        record ClientOwn() implements Auth {
        }

        /** {@code Authorization: Bearer} plus the OAuth beta. */
        record Bearer(String token) implements Auth {
        }

        /** {@code x-api-key}. */
        record ApiKey(String key) implements Auth {
        }
    }

    /** The client's headers as they go to the upstream, applying {@code auth}; lower-case names. */
    static List<Map.Entry<String, String>> toUpstream(Map<String, List<String>> clientHeaders, Auth auth) {
        List<Map.Entry<String, String>> upstreamHeaders = new ArrayList<>(clientHeaders.size() + 2);
        Set<String> named = connectionTokens(clientHeaders);
        boolean inject = !(auth instanceof Auth.ClientOwn);
        List<String> betas = null;
        for (Map.Entry<String, List<String>> header : clientHeaders.entrySet()) {
            String name = header.getKey();
            if (HOP_BY_HOP.contains(name) || CLIENT_MANAGED.contains(name) || named.contains(name)
                    || name.startsWith(OWN_PREFIX) || (inject && CREDENTIALS.contains(name))) {
                continue;
            }
            if (auth instanceof Auth.Bearer && name.equals("anthropic-beta")) {
                betas = header.getValue();
                continue;
            }
            for (String value : header.getValue()) {
                upstreamHeaders.add(Map.entry(name, value));
            }
        }
        upstreamHeaders.add(Map.entry("accept-encoding", "identity"));
        upstreamHeaders.add(Map.entry(HopMarker.HEADER, HopMarker.forward(clientHeaders.get(HopMarker.HEADER))));
        switch (auth) {
            case Auth.ClientOwn ignored -> { }
            case Auth.ApiKey key -> upstreamHeaders.add(Map.entry("x-api-key", key.key()));
            case Auth.Bearer bearer -> {
                upstreamHeaders.add(Map.entry("authorization", "Bearer " + bearer.token()));
                upstreamHeaders.add(Map.entry("anthropic-beta", withOAuthBeta(betas)));
            }
        }
        return upstreamHeaders;
    }

    /** The client's beta list (comma-separated or repeated) with the OAuth beta added once. */
    static String withOAuthBeta(List<String> values) {
        List<String> betas = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String beta : value.split(",")) {
                    String trimmed = beta.trim();
                    if (!trimmed.isEmpty() && !betas.contains(trimmed)) {
                        betas.add(trimmed);
                    }
                }
            }
        }
        if (!betas.contains(OAUTH_BETA)) {
            betas.add(OAUTH_BETA);
        }
        return String.join(",", betas);
    }

    /** True when an upstream response header goes on to the client. */
    static boolean toClient(String lowerCaseName) {
        return !HOP_BY_HOP.contains(lowerCaseName) && !lowerCaseName.equals("date") && !lowerCaseName.startsWith(OWN_PREFIX);
    }

    /** The header names an upstream response's {@code connection} header lists (hop-by-hop for that response). */
    static Set<String> connectionTokens(List<String> connection) {
        return connection == null ? Set.of() : connectionTokens(Map.of("connection", connection));
    }

    /** The client's headers as the request log may keep them: credentials and cookies removed. */
    static Map<String, List<String>> forRecord(Map<String, List<String>> clientHeaders) {
        Map<String, List<String>> kept = new LinkedHashMap<>(clientHeaders);
        kept.keySet().removeAll(NOT_RECORDED);
        return kept;
    }

    private static Set<String> connectionTokens(Map<String, List<String>> clientHeaders) {
        List<String> connection = clientHeaders.get("connection");
        if (connection == null) {
            return Set.of();
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                tokens.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }
}
