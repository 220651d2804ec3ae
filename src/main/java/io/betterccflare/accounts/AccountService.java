package io.betterccflare.accounts;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The account operations users run from the CLI, the REST API and the TUI: validate the input, then
 * change the store. Every failure is an {@link AccountException} with a message fit to show as is.
 * Thread-safe (stateless over a thread-safe store).
 */
public final class AccountService {
    private static final long YEAR_MS = 365L * 24 * 3_600_000;

    private final AccountStore store;
    private final Clock clock;

    public AccountService(AccountStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a new API-key account needs; the compact constructor validates it. */
    public record NewKeyAccount(String name, AccountMode mode, String apiKey, int tier, int priority, String customEndpoint) {
        public NewKeyAccount {
            name = AccountName.validate(name);
            if (mode == AccountMode.MAX) {
                throw new AccountException(AccountException.Kind.INVALID, "mode max needs the OAuth login, not an API key");
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new AccountException(AccountException.Kind.INVALID, "apiKey is required");
            }
            apiKey = ControlCharacters.refuse("apiKey", apiKey).trim();
            validateTier(tier);
            validatePriority(priority);
            customEndpoint = normalizeEndpoint(customEndpoint);
            if (mode == AccountMode.ANTHROPIC_COMPATIBLE && customEndpoint == null) {
                throw new AccountException(AccountException.Kind.INVALID,
                        "endpoint is required for anthropic-compatible accounts (the base URL of the API)");
            }
        }
    }

    /** A subscription account added from tokens the user already has (the API's manual add). */
    public record NewTokenAccount(String name, String accessToken, String refreshToken, int tier, int priority, String customEndpoint) {
        public NewTokenAccount {
            name = AccountName.validate(name);
            if (accessToken == null || accessToken.isBlank()) {
                throw new AccountException(AccountException.Kind.INVALID, "accessToken is required");
            }
            if (refreshToken == null || refreshToken.isBlank()) {
                throw new AccountException(AccountException.Kind.INVALID, "refreshToken is required");
            }
            accessToken = ControlCharacters.refuse("accessToken", accessToken).trim();
            refreshToken = ControlCharacters.refuse("refreshToken", refreshToken).trim();
            validateTier(tier);
            validatePriority(priority);
            customEndpoint = normalizeEndpoint(customEndpoint);
        }
    }

    public List<Account> list() {
        return store.all();
    }

    /** Adds a Console, z.ai or Anthropic-compatible account that authenticates with an API key. */
    public Account addKeyAccount(NewKeyAccount request) {
        long now = clock.millis();
        boolean zai = request.mode() == AccountMode.ZAI;
        // z.ai rows keep the key in every credential column, as the reference does, so old readers still work.
        var credentials = new Account.Credentials(
                request.apiKey(), zai ? request.apiKey() : null, zai ? request.apiKey() : null, zai ? now + YEAR_MS : null);
        Account account = new Account(
                UUID.randomUUID().toString(), request.name(), request.mode().provider(), request.mode(), credentials,
                now, null, 0, 0, request.tier(), request.priority(), false, null, 0, false, false,
                request.customEndpoint(), null, false, null, null, RateLimitState.NONE, null, null);
        store.insert(account);
        return account;
    }

    /**
     * Adds a Claude subscription account from an access and a refresh token. The expiry is unknown
     * (NULL), so the first request refreshes the access token.
     */
    public Account addTokenAccount(NewTokenAccount request) {
        var credentials = new Account.Credentials(null, request.refreshToken(), request.accessToken(), null);
        Account account = new Account(
                UUID.randomUUID().toString(), request.name(), Provider.ANTHROPIC, AccountMode.MAX, credentials,
                clock.millis(), null, 0, 0, request.tier(), request.priority(), false, null, 0, false, false,
                request.customEndpoint(), null, false, null, null, RateLimitState.NONE, null, null);
        store.insert(account);
        return account;
    }

    /** The account with this id or name; a not-found {@link AccountException} otherwise. */
    public Account find(String idOrName) {
        if (ControlCharacters.in(idOrName)) {
            // No stored id or name can hold one, and PostgreSQL refuses a NUL in a query parameter outright.
            throw AccountException.notFound(idOrName);
        }
        return store.byIdOrName(idOrName).orElseThrow(() -> AccountException.notFound(idOrName));
    }

    public Account pause(String idOrName) {
        Account account = find(idOrName);
        if (account.paused()) {
            throw new AccountException(AccountException.Kind.INVALID, "Account '" + account.name() + "' is already paused");
        }
        store.setPaused(account.id(), true);
        return account;
    }

    public Account resume(String idOrName) {
        Account account = find(idOrName);
        if (!account.paused()) {
            throw new AccountException(AccountException.Kind.INVALID, "Account '" + account.name() + "' is already resumed");
        }
        store.setPaused(account.id(), false);
        return account;
    }

    public Account setPriority(String idOrName, int priority) {
        validatePriority(priority);
        Account account = find(idOrName);
        store.setPriority(account.id(), priority);
        return account;
    }

    public Account setTier(String idOrName, int tier) {
        validateTier(tier);
        Account account = find(idOrName);
        store.setTier(account.id(), tier);
        return account;
    }

    public Account rename(String idOrName, String newName) {
        String name = AccountName.validate(newName);
        Account account = find(idOrName);
        if (store.byName(name).filter(other -> !other.id().equals(account.id())).isPresent()) {
            throw new AccountException(AccountException.Kind.INVALID, "Account name '" + name + "' is already taken");
        }
        store.rename(account.id(), name);
        return account;
    }

    public Account setCustomEndpoint(String idOrName, String endpoint) {
        String normalized = normalizeEndpoint(endpoint);
        Account account = find(idOrName);
        if (normalized == null && account.mode() == AccountMode.ANTHROPIC_COMPATIBLE) {
            throw new AccountException(AccountException.Kind.INVALID, "anthropic-compatible accounts need an endpoint");
        }
        store.setCustomEndpoint(account.id(), normalized);
        return account;
    }

    /**
     * Sets the account's own outbound proxy ({@link ProxyUrl}), or clears it with null or blank: from then on
     * the account's upstream calls go through it instead of the environment's proxy (issue 10 part 8).
     */
    public Account setProxyUrl(String idOrName, String proxyUrl) {
        ProxyUrl proxy = ProxyUrl.parse(proxyUrl);
        Account account = find(idOrName);
        store.proxies().set(account.id(), proxy);
        return account;
    }

    /** The account's proxy URL, masked ({@link ProxyUrl#masked(String)}), or null without one. */
    public String maskedProxyUrl(String accountId) {
        return ProxyUrl.masked(store.proxies().of(accountId).orElse(null));
    }

    /** Every account's proxy URL, masked, by account id; accounts without one are absent. */
    public Map<String, String> maskedProxyUrls() {
        Map<String, String> masked = new HashMap<>();
        store.proxies().all().forEach((id, url) -> masked.put(id, ProxyUrl.masked(url)));
        return masked;
    }

    public Account setAutoFallback(String idOrName, boolean enabled) {
        Account account = requireAnthropic(find(idOrName), "Auto-fallback");
        store.setAutoFallback(account.id(), enabled);
        return account;
    }

    public Account setAutoRefresh(String idOrName, boolean enabled) {
        Account account = requireAnthropic(find(idOrName), "Auto-refresh");
        store.setAutoRefresh(account.id(), enabled);
        return account;
    }

    public Account remove(String idOrName) {
        Account account = find(idOrName);
        store.delete(account.id());
        return account;
    }

    private static Account requireAnthropic(Account account, String feature) {
        if (account.provider() != Provider.ANTHROPIC) {
            throw new AccountException(AccountException.Kind.INVALID, feature + " is only available for Anthropic accounts");
        }
        return account;
    }

    static void validateTier(int tier) {
        if (tier != 1 && tier != 5 && tier != 20) {
            throw new AccountException(AccountException.Kind.INVALID, "tier must be one of: 1, 5, 20");
        }
    }

    static void validatePriority(int priority) {
        if (priority < 0 || priority > 100) {
            throw new AccountException(AccountException.Kind.INVALID, "priority must be an integer between 0 and 100");
        }
    }

    /** Empty means none; otherwise an absolute http(s) URL, trimmed, without a trailing slash. */
    public static String normalizeEndpoint(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = ControlCharacters.refuse("endpoint", raw).trim();
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return trimmed;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new AccountException(AccountException.Kind.INVALID, "endpoint must be an absolute http:// or https:// URL");
    }
}
