package io.betterccflare.accounts;

import static io.betterccflare.store.Columns.doubleOrNull;
import static io.betterccflare.store.Columns.longOrNull;

import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
import io.betterccflare.store.ChangeSignal;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads and writes the {@code accounts} table. Each method is one statement or one transaction, so
 * concurrent callers (proxy threads, API, other instances on PostgreSQL) never see half an update.
 * Credentials and the custom endpoint are sealed with the database's cipher on write and opened on read
 * ({@link Database#cipher()}, issue 15 part 5). Thread-safe.
 */
public final class AccountStore {
    /** The topic of account changes on the database's {@link ChangeSignal}. */
    public static final String TOPIC = "accounts";

    private final Database database;
    private final ChangeSignal changes;
    private final AccountProxies proxies;

    public AccountStore(Database database) {
        this.database = database;
        this.changes = database.changes();
        this.proxies = new AccountProxies(database);
    }

    /** The accounts' own outbound proxies (issue 10 part 8), a table of their own. */
    public AccountProxies proxies() {
        return proxies;
    }

    /** All accounts, preferred first: priority ascending, then oldest first. */
    public List<Account> all() {
        return query(handle -> handle.createQuery("SELECT * FROM accounts ORDER BY priority ASC, created_at ASC, id ASC")
                .map(this::map).list());
    }

    public int count() {
        return query(handle -> handle.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one());
    }

    public Optional<Account> byId(String id) {
        return query(handle -> handle.createQuery("SELECT * FROM accounts WHERE id = :id")
                .bind("id", id).map(this::map).findOne());
    }

    public Optional<Account> byName(String name) {
        return query(handle -> handle.createQuery("SELECT * FROM accounts WHERE name = :name")
                .bind("name", name).map(this::map).findOne());
    }

    /** Looks an account up by id first, then by name. */
    public Optional<Account> byIdOrName(String idOrName) {
        return byId(idOrName).or(() -> byName(idOrName));
    }

    /** Inserts a new account; a taken name is an {@link AccountException}, and nothing is written. */
    public void insert(Account account) {
        write(account.id(), handle -> handle.inTransaction(tx -> {
            ensureNameFree(tx, account.name(), account.id());
            Account.Credentials credentials = account.credentials();
            FieldCipher cipher = database.cipher();
            String id = account.id();
            tx.createUpdate("""
                    INSERT INTO accounts (id, name, provider, mode, api_key, refresh_token, access_token, expires_at,
                        created_at, account_tier, priority, paused, custom_endpoint, email,
                        auto_fallback_enabled, auto_refresh_enabled)
                    VALUES (:id, :name, :provider, :mode, :apiKey, :refreshToken, :accessToken, :expiresAt,
                        :createdAt, :tier, :priority, :paused, :customEndpoint, :email, :autoFallback, :autoRefresh)""")
                    .bind("id", account.id())
                    .bind("name", account.name())
                    .bind("provider", account.provider().id())
                    .bind("mode", account.mode().id())
                    .bind("apiKey", cipher.seal(SecretField.ACCOUNT_API_KEY, id, credentials.apiKey()))
                    .bind("refreshToken", cipher.seal(SecretField.ACCOUNT_REFRESH_TOKEN, id, credentials.refreshToken()))
                    .bind("accessToken", cipher.seal(SecretField.ACCOUNT_ACCESS_TOKEN, id, credentials.accessToken()))
                    .bind("expiresAt", credentials.expiresAt())
                    .bind("createdAt", account.createdAt())
                    .bind("tier", account.tier())
                    .bind("priority", account.priority())
                    .bind("paused", account.paused())
                    .bind("customEndpoint", cipher.seal(SecretField.ACCOUNT_CUSTOM_ENDPOINT, id, account.customEndpoint()))
                    .bind("email", account.email())
                    .bind("autoFallback", account.autoFallbackEnabled())
                    .bind("autoRefresh", account.autoRefreshEnabled())
                    .execute();
            return null;
        }));
    }

    /** Deletes by id; returns whether a row went away. */
    public boolean delete(String id) {
        return update("DELETE FROM accounts WHERE id = :id", id, null, null) > 0;
    }

    public boolean setPaused(String id, boolean paused) {
        return update("UPDATE accounts SET paused = :value WHERE id = :id", id, "value", paused) > 0;
    }

    public boolean setPriority(String id, int priority) {
        return update("UPDATE accounts SET priority = :value WHERE id = :id", id, "value", priority) > 0;
    }

    public boolean setTier(String id, int tier) {
        return update("UPDATE accounts SET account_tier = :value WHERE id = :id", id, "value", tier) > 0;
    }

    public boolean setAutoFallback(String id, boolean enabled) {
        return update("UPDATE accounts SET auto_fallback_enabled = :value WHERE id = :id", id, "value", enabled) > 0;
    }

    public boolean setAutoRefresh(String id, boolean enabled) {
        return update("UPDATE accounts SET auto_refresh_enabled = :value WHERE id = :id", id, "value", enabled) > 0;
    }

    public boolean setCustomEndpoint(String id, String endpoint) {
        return update("UPDATE accounts SET custom_endpoint = :value WHERE id = :id", id, "value",
                database.cipher().seal(SecretField.ACCOUNT_CUSTOM_ENDPOINT, id, endpoint)) > 0;
    }

    /** Renames; a name held by another account is an {@link AccountException}. */
    public boolean rename(String id, String name) {
        return write(id, handle -> handle.inTransaction(tx -> {
            ensureNameFree(tx, name, id);
            return tx.createUpdate("UPDATE accounts SET name = :name WHERE id = :id")
                    .bind("name", name).bind("id", id).execute() > 0;
        }));
    }

    /**
     * Counts one served request: {@code last_used}, both counters, and the session (a new one starts when
     * none is live). One statement, so concurrent requests never lose a count.
     */
    public void recordUse(String id, long now, long sessionDurationMs) {
        write(id, handle -> handle.createUpdate("""
                UPDATE accounts SET
                    last_used = :now,
                    request_count = request_count + 1,
                    total_requests = total_requests + 1,
                    session_request_count = CASE WHEN session_start IS NULL OR :now - session_start >= :duration
                        THEN 1 ELSE session_request_count + 1 END,
                    session_start = CASE WHEN session_start IS NULL OR :now - session_start >= :duration
                        THEN :now ELSE session_start END
                WHERE id = :id""")
                .bind("now", now).bind("duration", sessionDurationMs).bind("id", id).execute());
    }

    /** Starts a new session now unless one is live (the strategy's "reset session if expired"). */
    public void startSessionIfExpired(String id, long now, long sessionDurationMs) {
        write(id, handle -> handle.createUpdate("""
                UPDATE accounts SET session_start = :now, session_request_count = 0
                WHERE id = :id AND (session_start IS NULL OR :now - session_start >= :duration)""")
                .bind("now", now).bind("duration", sessionDurationMs).bind("id", id).execute());
    }

    /** Zeroes the resettable counters of every account (lifetime totals stay). */
    public void resetCounters() {
        write(null, handle -> handle.createUpdate("UPDATE accounts SET request_count = 0, session_request_count = 0").execute());
    }

    private int update(String sql, String id, String name, Object value) {
        return write(id, handle -> {
            var update = handle.createUpdate(sql).bind("id", id);
            if (name != null) {
                update.bind(name, value);
            }
            return update.execute();
        });
    }

    private static void ensureNameFree(Handle handle, String name, String ownId) {
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM accounts WHERE name = :name AND id <> :id")
                .bind("name", name).bind("id", ownId).mapTo(Integer.class).one() > 0;
        if (taken) {
            throw new AccountException(AccountException.Kind.INVALID, "Account with name '" + name + "' already exists");
        }
    }

    private <T> T query(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
        try {
            return database.withHandle(callback);
        } catch (JdbiException e) {
            throw StoreException.of("Reading accounts failed", e);
        }
    }

    /** Runs a write, then tells every instance (own caches included) that account {@code id} changed. */
    private <T> T write(String id, org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
        try {
            return database.withHandle(callback);
        } catch (JdbiException e) {
            throw StoreException.of("Writing accounts failed", e);
        } finally {
            changes.publish(TOPIC, id);
        }
    }

    // ---- proxy: routing cache and per-response bookkeeping (issue 3) ----

    /**
     * Grows with every change to account state seen by this process: writes through any store of this
     * database, and other instances' writes as their notifications arrive (PostgreSQL). A cache of
     * {@link #all()} taken at an older version is stale. Writes by processes that do not notify (the CLI on
     * SQLite) are not counted; caches also expire by age.
     */
    public long version() {
        return changes.version();
    }

    /** One served response; see {@link #recordServed(String, ServedBatch, long)}. */
    public void recordServed(String id, long now, long sessionDurationMs, RateLimitState seen, boolean success) {
        recordServed(id, new ServedBatch(1, now, now, seen, success), sessionDurationMs);
    }

    /**
     * Books responses an account served: {@link #recordUse} for {@code batch.count()} requests (the session
     * is judged at the batch's first request) plus the latest rate-limit values they carried (null fields
     * keep the stored value). A successful last response also ends any lockout and auth failure. One
     * statement. Does not move {@link #version()}: counters do not change routing; callers that start a
     * session or end a lockout call {@link #routingChanged(String)}.
     */
    public void recordServed(String id, ServedBatch batch, long sessionDurationMs) {
        String clear = batch.lastSuccess() ? """
                , rate_limited_until = NULL, rate_limited_reason = NULL, consecutive_rate_limits = 0,
                auth_failed_at = NULL, auth_failure = NULL""" : "";
        try {
            database.useHandle(handle -> bindSeen(handle.createUpdate("""
                    UPDATE accounts SET
                        last_used = :last,
                        request_count = request_count + :count,
                        total_requests = total_requests + :count,
                        session_request_count = CASE WHEN session_start IS NULL OR :first - session_start >= :duration
                            THEN :count ELSE session_request_count + :count END,
                        session_start = CASE WHEN session_start IS NULL OR :first - session_start >= :duration
                            THEN :first ELSE session_start END,
                    """ + SEEN_COLUMNS + clear + " WHERE id = :id"), batch.seen())
                    .bind("first", batch.firstAt()).bind("last", batch.lastAt()).bind("count", batch.count())
                    .bind("duration", sessionDurationMs).bind("id", id).execute());
        } catch (JdbiException e) {
            throw StoreException.of("Writing accounts failed", e);
        }
    }

    /**
     * Books a response that must not count as use (an auto-refresh probe): only the rate-limit values it
     * carried (null fields keep the stored value); a success also ends any lockout and auth failure. The
     * session and the counters stay as they are. Callers tell caches with {@link #routingChanged(String)}.
     */
    public void recordObserved(String id, RateLimitState seen, boolean success) {
        String clear = success ? """
                , rate_limited_until = NULL, rate_limited_reason = NULL, consecutive_rate_limits = 0,
                auth_failed_at = NULL, auth_failure = NULL""" : "";
        try {
            database.useHandle(handle -> bindSeen(handle.createUpdate("UPDATE accounts SET " + SEEN_COLUMNS + clear
                    + " WHERE id = :id"), seen).bind("id", id).execute());
        } catch (JdbiException e) {
            throw StoreException.of("Writing accounts failed", e);
        }
    }

    /** Tells caches of {@link #all()}, on every instance, that routing-relevant state of {@code id} changed. */
    public void routingChanged(String id) {
        changes.publish(TOPIC, id);
    }

    /**
     * Benches an account until {@code until} for {@code reason} ({@code rate_limited}, {@code overloaded},
     * {@code auth}) with the rate-limit values the refusing response carried. A rate limit grows the
     * consecutive count once per event: a 429 that arrives while the account is already benched for a rate
     * limit (another request or instance saw the same limit) does not grow it again. {@code authFailure}
     * (for reason auth) is stored with the time.
     */
    public void recordLockout(String id, long now, RateLimitState seen, long until, String reason, String authFailure) {
        write(id, handle -> bindSeen(handle.createUpdate("""
                UPDATE accounts SET
                    rate_limited_until = :until,
                    rate_limited_reason = :reason,
                    consecutive_rate_limits = CASE WHEN :reason = 'rate_limited' AND NOT (rate_limited_reason = 'rate_limited'
                            AND rate_limited_until IS NOT NULL AND rate_limited_until > :now)
                        THEN consecutive_rate_limits + 1 ELSE consecutive_rate_limits END,
                    auth_failed_at = CASE WHEN :reason = 'auth' THEN :now ELSE auth_failed_at END,
                    auth_failure = CASE WHEN :reason = 'auth' THEN :failure ELSE auth_failure END,
                """ + SEEN_COLUMNS + " WHERE id = :id"), seen)
                .bind("until", until).bind("reason", reason).bind("now", now).bind("failure", authFailure)
                .bind("id", id).execute());
    }

    private static final String SEEN_COLUMNS = """
                    rate_limit_status = COALESCE(:status, rate_limit_status),
                    rate_limit_reset = COALESCE(:reset, rate_limit_reset),
                    rate_limit_remaining = COALESCE(:remaining, rate_limit_remaining),
                    rate_limit_5h_status = COALESCE(:fiveStatus, rate_limit_5h_status),
                    rate_limit_5h_reset = COALESCE(:fiveReset, rate_limit_5h_reset),
                    rate_limit_5h_utilization = COALESCE(:fiveUtil, rate_limit_5h_utilization),
                    rate_limit_7d_status = COALESCE(:sevenStatus, rate_limit_7d_status),
                    rate_limit_7d_reset = COALESCE(:sevenReset, rate_limit_7d_reset),
                    rate_limit_7d_utilization = COALESCE(:sevenUtil, rate_limit_7d_utilization),
                    rate_limit_claim = COALESCE(:claim, rate_limit_claim),
                    rate_limit_updated_at = COALESCE(:updatedAt, rate_limit_updated_at)
            """;

    private static org.jdbi.v3.core.statement.Update bindSeen(org.jdbi.v3.core.statement.Update update, RateLimitState seen) {
        return update
                .bindByType("status", seen.status(), String.class)
                .bindByType("reset", seen.reset(), Long.class)
                .bindByType("remaining", seen.remaining(), Long.class)
                .bindByType("fiveStatus", seen.fiveHourStatus(), String.class)
                .bindByType("fiveReset", seen.fiveHourReset(), Long.class)
                .bindByType("fiveUtil", seen.fiveHourUtilization(), Double.class)
                .bindByType("sevenStatus", seen.sevenDayStatus(), String.class)
                .bindByType("sevenReset", seen.sevenDayReset(), Long.class)
                .bindByType("sevenUtil", seen.sevenDayUtilization(), Double.class)
                .bindByType("claim", seen.representativeClaim(), String.class)
                .bindByType("updatedAt", seen.updatedAt(), Long.class);
    }

    // ---- end of proxy block ----

    /** A row as an {@link Account}, its secret columns opened with the database's cipher. */
    private Account map(ResultSet row, StatementContext context) throws SQLException {
        Provider provider = Provider.fromId(row.getString("provider"));
        FieldCipher cipher = database.cipher();
        String id = row.getString("id");
        String refreshToken = cipher.open(SecretField.ACCOUNT_REFRESH_TOKEN, id, row.getString("refresh_token"));
        var credentials = new Account.Credentials(
                cipher.open(SecretField.ACCOUNT_API_KEY, id, row.getString("api_key")), refreshToken,
                cipher.open(SecretField.ACCOUNT_ACCESS_TOKEN, id, row.getString("access_token")),
                longOrNull(row, "expires_at"));
        var rateLimit = new RateLimitState(
                row.getString("rate_limit_status"),
                longOrNull(row, "rate_limit_reset"),
                longOrNull(row, "rate_limit_remaining"),
                longOrNull(row, "rate_limited_until"),
                row.getString("rate_limited_reason"),
                row.getString("rate_limit_5h_status"),
                longOrNull(row, "rate_limit_5h_reset"),
                doubleOrNull(row, "rate_limit_5h_utilization"),
                row.getString("rate_limit_7d_status"),
                longOrNull(row, "rate_limit_7d_reset"),
                doubleOrNull(row, "rate_limit_7d_utilization"),
                row.getString("rate_limit_claim"),
                longOrNull(row, "rate_limit_updated_at"),
                row.getInt("consecutive_rate_limits"));
        int tier = row.getInt("account_tier");
        return new Account(
                id,
                row.getString("name"),
                provider,
                AccountMode.of(row.getString("mode"), provider, refreshToken),
                credentials,
                row.getLong("created_at"),
                longOrNull(row, "last_used"),
                row.getLong("request_count"),
                row.getLong("total_requests"),
                tier == 0 ? 1 : tier,
                row.getInt("priority"),
                row.getBoolean("paused"),
                longOrNull(row, "session_start"),
                row.getLong("session_request_count"),
                row.getBoolean("auto_fallback_enabled"),
                row.getBoolean("auto_refresh_enabled"),
                cipher.open(SecretField.ACCOUNT_CUSTOM_ENDPOINT, id, row.getString("custom_endpoint")),
                row.getString("email"),
                row.getBoolean("requires_reauth"),
                longOrNull(row, "auth_failed_at"),
                row.getString("auth_failure"),
                rateLimit,
                row.getString("usage_data"),
                longOrNull(row, "usage_updated_at"));
    }

    // ---- OAuth, token refresh, usage windows and auto-refresh (issue 5) -------------------------------

    /**
     * Stores refreshed tokens only if the row still holds {@code oldRefreshToken} (compare-and-set), so a
     * refresh token rotated by another thread or instance is never overwritten. A written token is valid, so
     * it also clears {@code requires_reauth} and the last auth failure. Returns whether it was written.
     * With encryption the comparison is made against the stored (sealed) value: sealing is randomised, so the
     * stored text is read, opened and compared, and the update is conditional on that exact stored text.
     */
    public boolean compareAndSetTokens(String id, String oldRefreshToken, String accessToken, String refreshToken,
                                       long expiresAt) {
        FieldCipher cipher = database.cipher();
        return write(id, handle -> storedRefreshToken(handle, id, oldRefreshToken)
                .map(stored -> handle.createUpdate("""
                        UPDATE accounts SET access_token = :access, refresh_token = :refresh, expires_at = :expires,
                            requires_reauth = FALSE, auth_failed_at = NULL, auth_failure = NULL
                        WHERE id = :id AND refresh_token = :old""")
                        .bind("access", cipher.seal(SecretField.ACCOUNT_ACCESS_TOKEN, id, accessToken))
                        .bind("refresh", cipher.seal(SecretField.ACCOUNT_REFRESH_TOKEN, id, refreshToken))
                        .bind("expires", expiresAt)
                        .bind("id", id).bind("old", stored).execute() > 0)
                .orElse(false));
    }

    /**
     * Marks the account as needing a new login because {@code refreshToken} was refused; a no-op when the
     * row has meanwhile got another refresh token (compared as in {@link #compareAndSetTokens}). Returns whether
     * it was marked.
     */
    public boolean markRequiresReauth(String id, String refreshToken, String reason, long now) {
        return write(id, handle -> storedRefreshToken(handle, id, refreshToken)
                .map(stored -> handle.createUpdate("""
                        UPDATE accounts SET requires_reauth = TRUE, auth_failed_at = :now, auth_failure = :reason
                        WHERE id = :id AND refresh_token = :old""")
                        .bind("now", now).bind("reason", reason).bind("id", id).bind("old", stored).execute() > 0)
                .orElse(false));
    }

    /** The stored text of the row's refresh token when it opens to {@code expected} (constant-time comparison). */
    private Optional<String> storedRefreshToken(Handle handle, String id, String expected) {
        Optional<String> stored = handle.createQuery("SELECT refresh_token FROM accounts WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne();
        return stored.filter(value -> expected != null && MessageDigest.isEqual(
                database.cipher().open(SecretField.ACCOUNT_REFRESH_TOKEN, id, value).getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces an account's credentials after a new login (re-authentication): the id, settings and history
     * stay; {@code requires_reauth} and the last auth failure are cleared.
     */
    public boolean replaceCredentials(String id, AccountMode mode, Account.Credentials credentials, String email) {
        FieldCipher cipher = database.cipher();
        return write(id, handle -> handle.createUpdate("""
                UPDATE accounts SET mode = :mode, api_key = :apiKey, refresh_token = :refreshToken,
                    access_token = :accessToken, expires_at = :expiresAt, email = COALESCE(:email, email),
                    requires_reauth = FALSE, auth_failed_at = NULL, auth_failure = NULL
                WHERE id = :id""")
                .bind("mode", mode.id())
                .bind("apiKey", cipher.seal(SecretField.ACCOUNT_API_KEY, id, credentials.apiKey()))
                .bind("refreshToken", cipher.seal(SecretField.ACCOUNT_REFRESH_TOKEN, id, credentials.refreshToken()))
                .bind("accessToken", cipher.seal(SecretField.ACCOUNT_ACCESS_TOKEN, id, credentials.accessToken()))
                .bind("expiresAt", credentials.expiresAt())
                .bind("email", email)
                .bind("id", id).execute() > 0);
    }

    /** Stores the last usage-window JSON from the usage endpoint. */
    public boolean setUsage(String id, String usageJson, long updatedAt) {
        return write(id, handle -> handle.createUpdate(
                        "UPDATE accounts SET usage_data = :json, usage_updated_at = :at WHERE id = :id")
                .bind("json", usageJson).bind("at", updatedAt).bind("id", id).execute() > 0);
    }

    /**
     * Records the unified window an auto-refresh probe saw: status, reset (epoch ms) and remaining; clears
     * our own lockout, since the upstream just served the account.
     */
    public boolean recordWindow(String id, String status, Long reset, Long remaining, long now) {
        return write(id, handle -> handle.createUpdate("""
                UPDATE accounts SET rate_limit_status = :status, rate_limit_reset = :reset,
                    rate_limit_remaining = :remaining, rate_limit_updated_at = :now, rate_limited_until = NULL
                WHERE id = :id""")
                .bind("status", status).bind("reset", reset).bind("remaining", remaining).bind("now", now)
                .bind("id", id).execute() > 0);
    }

    // ---- end of issue 5 block ---------------------------------------------------------------------------
}
