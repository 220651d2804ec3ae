package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.config.Config;
import java.net.URI;

/**
 * Where a request goes: the account's custom endpoint if it has one, else its provider's default
 * base URL, followed by the client's raw path and query. Immutable; thread-safe.
 */
final class UpstreamTargets {
    private final String anthropic;
    private final String zai;

    UpstreamTargets(Config.Upstreams upstreams) {
        this.anthropic = base(upstreams.anthropic().toString());
        this.zai = base(upstreams.zai().toString());
    }

    /** For an account; a malformed target is an {@link IllegalArgumentException}. */
    URI forAccount(Account account, String path, String query) {
        String endpoint = account.customEndpoint();
        String base;
        if (endpoint != null && !endpoint.isBlank()) {
            base = base(endpoint.trim());
        } else {
            base = switch (account.provider()) {
                case ZAI -> zai;
                case ANTHROPIC, ANTHROPIC_COMPATIBLE -> anthropic;
            };
        }
        return join(base, path, query);
    }

    /** The default Anthropic upstream, for pass-through. */
    URI passThrough(String path, String query) {
        return join(anthropic, path, query);
    }

    private static URI join(String base, String path, String query) {
        return URI.create(query == null ? base + path : base + path + "?" + query);
    }

    private static String base(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
