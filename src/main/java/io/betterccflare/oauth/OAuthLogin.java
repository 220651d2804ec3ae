package io.betterccflare.oauth;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountException;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountName;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code-paste PKCE login, shared by the CLI and {@code /api/oauth/*}: {@link #begin} (or
 * {@link #beginReauth}) stores a 10-minute session and returns the browser URL; {@link #complete} checks
 * the pasted {@code code#state}, exchanges it, and creates the account ({@code max}: tokens and expiry;
 * {@code console}: a minted API key) or renews an existing account's credentials in place.
 * Thread-safe (state lives in the database).
 */
public final class OAuthLogin {
    public static final long SESSION_TTL_MS = 10 * 60_000L;
    public static final String SESSION_INVALID = "OAuth session expired or invalid. Please try again.";
    private static final Logger LOG = LoggerFactory.getLogger(OAuthLogin.class);

    private final OAuthClient client;
    private final OAuthSessions sessions;
    private final AccountStore accounts;
    private final Clock clock;

    public OAuthLogin(OAuthClient client, OAuthSessions sessions, AccountStore accounts, Clock clock) {
        this.client = client;
        this.sessions = sessions;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A login waiting for the user's pasted code. */
    public record LoginStart(String sessionId, String authUrl, String accountName, AccountMode mode, boolean reauth) {
    }

    /** The account as stored after the login, and whether an existing account was renewed. */
    public record LoginResult(Account account, boolean reauthenticated) {
    }

    /**
     * Begins adding a new account. {@code mode} is {@code max} (default) or {@code console}; {@code tier}
     * defaults to 1 and {@code priority} to 0.
     */
    public LoginStart begin(String rawName, String rawMode, Integer tier, Integer priority, String customEndpoint) {
        String name = AccountName.validate(rawName);
        AccountMode mode = oauthMode(rawMode == null ? "max" : rawMode);
        int checkedTier = tier == null ? 1 : tier;
        if (checkedTier != 1 && checkedTier != 5 && checkedTier != 20) {
            throw invalid("tier must be one of: 1, 5, 20");
        }
        if (priority != null && (priority < 0 || priority > 100)) {
            throw invalid("priority must be an integer between 0 and 100");
        }
        String endpoint = AccountService.normalizeEndpoint(customEndpoint);
        if (accounts.byName(name).isPresent()) {
            throw invalid("Account with name '" + name + "' already exists");
        }
        return start(name, mode, checkedTier, priority, endpoint, null);
    }

    /**
     * Begins a new login for an existing Anthropic account (by id or name), keeping its id, settings and
     * history. {@code rawMode} may switch between {@code max} and {@code console}; null keeps the account's.
     */
    public LoginStart beginReauth(String idOrName, String rawMode) {
        if (idOrName == null || idOrName.isBlank()) {
            throw invalid("name is required");
        }
        Account account = accounts.byIdOrName(idOrName.trim()).orElseThrow(() -> AccountException.notFound(idOrName.trim()));
        if (account.provider() != Provider.ANTHROPIC) {
            throw invalid("Account '" + account.name() + "' is a " + account.provider().id()
                    + " account; only Anthropic accounts log in with OAuth");
        }
        AccountMode mode = rawMode == null
                ? (account.mode() == AccountMode.CONSOLE ? AccountMode.CONSOLE : AccountMode.MAX)
                : oauthMode(rawMode);
        return start(account.name(), mode, account.tier(), account.priority(), account.customEndpoint(), account.id());
    }

    private LoginStart start(String name, AccountMode mode, int tier, Integer priority, String endpoint, String reauthId) {
        long now = clock.millis();
        sessions.purgeExpired(now);
        Pkce pkce = Pkce.generate();
        String sessionId = UUID.randomUUID().toString();
        sessions.insert(new OAuthSessions.Session(sessionId, name, pkce.verifier(), pkce.state(), mode.id(), tier,
                priority, endpoint, reauthId, now, now + SESSION_TTL_MS));
        return new LoginStart(sessionId, client.authorizeUrl(mode == AccountMode.CONSOLE, pkce), name, mode, reauthId != null);
    }

    /**
     * Finishes a login with the text the user pasted ({@code code#state}). An unknown or expired session
     * and a state that does not match are {@link OAuthException.Kind#INVALID}; the session stays usable
     * after a mismatch and is deleted once the account is stored.
     */
    public LoginResult complete(String sessionId, String pasted) {
        long now = clock.millis();
        if (sessionId == null || sessionId.isBlank()) {
            throw new OAuthException(OAuthException.Kind.INVALID, "sessionId is required");
        }
        if (pasted == null || pasted.isBlank()) {
            throw new OAuthException(OAuthException.Kind.INVALID, "code is required");
        }
        OAuthSessions.Session session = sessions.find(sessionId.trim(), now)
                .orElseThrow(() -> new OAuthException(OAuthException.Kind.INVALID, SESSION_INVALID));
        String text = pasted.trim();
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw new OAuthException(OAuthException.Kind.INVALID,
                    "The code must be pasted whole, in the form code#state, as the authorization page shows it");
        }
        String code = text.substring(0, hash);
        String state = text.substring(hash + 1);
        if (!state.equals(session.state())) {
            throw new OAuthException(OAuthException.Kind.INVALID,
                    "OAuth state mismatch: this code belongs to a different login. Please try again.");
        }
        TokenGrant grant = client.exchange(code, state, session.verifier());
        boolean console = session.mode().equals(AccountMode.CONSOLE.id()) || grant.refreshToken() == null;
        AccountMode mode = console ? AccountMode.CONSOLE : AccountMode.MAX;
        long issuedAt = clock.millis();
        Account.Credentials credentials = console
                ? new Account.Credentials(client.createApiKey(grant.accessToken()), null, null, null)
                : new Account.Credentials(null, grant.refreshToken(), grant.accessToken(),
                        grant.expiresInSeconds() > 0 ? issuedAt + grant.expiresInSeconds() * 1000 : null);
        Account stored;
        if (session.reauthAccountId() != null) {
            if (!accounts.replaceCredentials(session.reauthAccountId(), mode, credentials, grant.email())) {
                throw AccountException.notFound(session.accountName());
            }
            stored = accounts.byId(session.reauthAccountId()).orElseThrow(() -> AccountException.notFound(session.accountName()));
            LOG.info("Account '{}' re-authenticated ({} mode)", stored.name(), mode.id());
        } else {
            stored = new Account(UUID.randomUUID().toString(), session.accountName(), Provider.ANTHROPIC, mode, credentials,
                    issuedAt, null, 0, 0, session.tier(), session.priority() == null ? 0 : session.priority(), false, null, 0,
                    false, false, session.customEndpoint(), grant.email(), false, null, null, RateLimitState.NONE, null, null);
            accounts.insert(stored);
            LOG.info("Account '{}' added ({} mode)", stored.name(), mode.id());
        }
        sessions.delete(session.id());
        return new LoginResult(stored, session.reauthAccountId() != null);
    }

    /** "Claude Max" or "Claude Console", as the reference names the modes. */
    public static String label(AccountMode mode) {
        return mode == AccountMode.CONSOLE ? "Claude Console" : "Claude Max";
    }

    private static AccountMode oauthMode(String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "max", "claude-oauth" -> AccountMode.MAX;
            case "console" -> AccountMode.CONSOLE;
            default -> throw invalid("mode must be max or console");
        };
    }

    private static AccountException invalid(String message) {
        return new AccountException(AccountException.Kind.INVALID, message);
    }
}
