package io.betterccflare.access;

import io.betterccflare.config.Config;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} and {@code Origin} values a request may carry. Hosts: loopback names ({@code localhost},
 * {@code *.localhost}), any IP literal (a rebinding attack needs a domain name), the bound address, and the names in
 * {@code BETTER_CCFLARE_ALLOWED_HOSTS} ({@code *} accepts any, {@code .example.com} a domain and its subdomains).
 * Origins: the request's own (same scheme-less host and port as {@code Host}) or one of
 * {@code BETTER_CCFLARE_CORS_ORIGINS}. Immutable; thread-safe.
 */
final class HostPolicy {
    private final List<String> allowedHosts;
    private final List<String> corsOrigins;
    private final String boundHost;

    HostPolicy(Config.Access access, String boundHost) {
        this.allowedHosts = access.allowedHosts();
        this.corsOrigins = access.corsOrigins();
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
    }

    /** True when the {@code Host} header (with or without port) names this server. */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            // HTTP/1.0 clients may omit it; a browser always sends one.
            return true;
        }
        String name = hostName(hostHeader);
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals(boundHost) || ipLiteral(name)) {
            return true;
        }
        for (String allowed : allowedHosts) {
            if (allowed.equals("*") || allowed.equals(name) || (allowed.startsWith(".")
                    && (name.endsWith(allowed) || name.equals(allowed.substring(1))))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code origin} is one of the configured CORS origins. */
    boolean corsAllows(String origin) {
        return corsOrigins.contains(normalise(origin));
    }

    /** True when {@code origin} is this server as reached through {@code hostHeader}, or a configured CORS origin. */
    boolean originAllowed(String origin, String hostHeader) {
        if (corsAllows(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || hostHeader == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String host = hostHeader.trim().toLowerCase(Locale.ROOT);
            String expected = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            String withPort = host.matches(".*:\\d+$") ? host : host + ":" + ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            return expected.equals(withPort);
        } catch (IllegalArgumentException e) {
            // "null" (sandboxed frames, file: pages) and garbage are never this server.
            return false;
        }
    }

    private static String normalise(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static String hostName(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean ipLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.length() > 2 && name.substring(1, name.length() - 1).matches("[0-9a-f:.]+(%[a-z0-9]+)?");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
