package io.betterccflare.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An account's own outbound proxy (issue 10 part 8): {@code http://host:port} (plain to the proxy) or
 * {@code https://host:port} (TLS to the proxy), optionally with {@code user:password@} for Basic proxy
 * authentication. An {@code http://} upstream is forwarded by the proxy; an {@code https://} upstream goes
 * through a {@code CONNECT} tunnel. SOCKS is refused: Jetty's client has it, but nothing here tests it. A
 * missing port means 80 ({@code http}) or 443 ({@code https}). The user info is a secret: {@link #masked()}
 * is the only form that is shown, logged or returned, and {@link #toString()} is masked too.
 *
 * @param value the normalized URL as stored: {@code scheme://[userinfo@]host:port}, user info as the user
 *              percent-encoded it
 */
public record ProxyUrl(String value) {
    /** Validates on construction; an {@link AccountException} of kind {@code INVALID} names the rule, never the value. */
    public ProxyUrl {
        value = normalize(value);
    }

    /** Null or blank (clearing the proxy) gives null; anything else must be a valid proxy URL. */
    public static ProxyUrl parse(String raw) {
        return raw == null || raw.isBlank() ? null : new ProxyUrl(raw);
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return uri().getScheme();
    }

    public String host() {
        return uri().getHost();
    }

    public int port() {
        return uri().getPort();
    }

    /** The decoded user name, or null without user info. */
    public String user() {
        String info = uri().getUserInfo();
        return info == null ? null : info.substring(0, info.indexOf(':') < 0 ? info.length() : info.indexOf(':'));
    }

    /** The decoded password (empty when only a user is given), or null without user info. */
    public String password() {
        String info = uri().getUserInfo();
        return info == null ? null : info.indexOf(':') < 0 ? "" : info.substring(info.indexOf(':') + 1);
    }

    /** {@code scheme://host:port}, with {@code ****@} in front of the host when the URL holds credentials. */
    public String masked() {
        URI uri = uri();
        return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : "****@") + hostPort(uri);
    }

    /** A stored value for display: {@link #masked()}, or {@code (invalid)} for one that no longer validates. */
    public static String masked(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return new ProxyUrl(stored).masked();
        } catch (AccountException e) {
            return "(invalid)";
        }
    }

    @Override
    public String toString() {
        return masked();
    }

    private URI uri() {
        return URI.create(value);
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("proxyUrl must not be empty");
        }
        String trimmed = ControlCharacters.refuse("proxyUrl", raw).trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw invalid("proxyUrl is not a valid URL (expected http://[user:password@]host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("proxyUrl must be an http:// or https:// URL (SOCKS proxies are not supported)");
        }
        if (uri.getHost() == null) {
            throw invalid("proxyUrl needs a host (expected " + scheme + "://[user:password@]host:port)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("proxyUrl must not have a path, query or fragment (expected " + scheme + "://[user:password@]host:port)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
        if (port == 0) {
            throw invalid("proxyUrl needs a port between 1 and 65535");
        }
        String userInfo = uri.getRawUserInfo();
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + uri.getHost() + ":" + port;
    }

    private static AccountException invalid(String message) {
        return new AccountException(AccountException.Kind.INVALID, message);
    }
}
