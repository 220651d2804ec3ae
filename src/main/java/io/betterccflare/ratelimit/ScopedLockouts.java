package io.betterccflare.ratelimit;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.JdbiException;

/**
 * Lockouts with a scope, in the {@code account_lockouts} table (migration V38): {@link #ACCOUNT} for a
 * whole-account rate limit (the account row's {@code rate_limited_until} still benches it; this row says
 * which window caused it), or a model family kept off one account until a time (lessons-2026 §3).
 * Writes go to the database at once and to this process's view, so the next request of this process sees
 * them; the view is re-read from the database when older than {@link #MAX_AGE_MS}, so lockouts other
 * instances stored are seen too. Thread-safe: an immutable snapshot behind a volatile field, reloads
 * guarded by a lock (others keep the previous copy meanwhile).
 */
public final class ScopedLockouts {
    /** The scope of a lockout of the whole account. */
    public static final String ACCOUNT = "*";
    static final long MAX_AGE_MS = 1_000;
    private static final long NEVER_LOADED = Long.MIN_VALUE;

    /**
     * One lockout: {@code until} epoch ms; {@code reason} as stored on accounts ({@code rate_limited});
     * {@code window} the rejected scope(s) that caused it, or null.
     */
    public record Lockout(String accountId, String scope, long until, String reason, String window) {
    }

    private record Snapshot(long loadedAt, Map<String, Map<String, Lockout>> byAccount) {
    }

    private final Database database;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot = new Snapshot(NEVER_LOADED, Map.of());

    public ScopedLockouts(Database database) {
        this.database = database;
    }

    /**
     * Stores a lockout of {@code scope} on an account (replacing the previous one of that scope) and shows it
     * to this process's next request.
     *
     * @throws StoreException when the database refuses the write
     */
    public void lock(Lockout lockout, long now) {
        try {
            database.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO account_lockouts (account_id, scope, until_ms, reason, window_name, created_at)
                    VALUES (:account, :scope, :until, :reason, :window, :now)
                    ON CONFLICT (account_id, scope) DO UPDATE SET until_ms = :until, reason = :reason,
                        window_name = :window, created_at = :now""")
                    .bind("account", lockout.accountId()).bind("scope", lockout.scope()).bind("until", lockout.until())
                    .bind("reason", lockout.reason()).bind("window", lockout.window()).bind("now", now).execute());
        } catch (JdbiException e) {
            throw StoreException.of("Writing a lockout failed", e);
        }
        publish(lockout.accountId(), scopes -> scopes.put(lockout.scope(), lockout));
    }

    /**
     * Ends the lockout of {@code scope} on an account (the upstream just served that scope there).
     *
     * @throws StoreException when the database refuses the write
     */
    public void clear(String accountId, String scope) {
        try {
            database.useHandle(handle -> handle.createUpdate("DELETE FROM account_lockouts WHERE account_id = :account AND scope = :scope")
                    .bind("account", accountId).bind("scope", scope).execute());
        } catch (JdbiException e) {
            throw StoreException.of("Deleting a lockout failed", e);
        }
        publish(accountId, scopes -> scopes.remove(scope));
    }

    /** The lockout of {@code scope} on the account that lasts past {@code now}, or null. */
    public Lockout active(String accountId, String scope, long now) {
        if (scope == null) {
            return null;
        }
        Lockout lockout = view(now).getOrDefault(accountId, Map.of()).get(scope);
        return lockout != null && lockout.until() > now ? lockout : null;
    }

    /** Every lockout of the account that lasts past {@code now}, the account-wide one first, then by scope. */
    public List<Lockout> active(String accountId, long now) {
        List<Lockout> found = new ArrayList<>();
        for (Lockout lockout : view(now).getOrDefault(accountId, Map.of()).values()) {
            if (lockout.until() > now) {
                found.add(lockout);
            }
        }
        found.sort((a, b) -> ACCOUNT.equals(a.scope()) ? -1 : ACCOUNT.equals(b.scope()) ? 1 : a.scope().compareTo(b.scope()));
        return found;
    }

    /** Deletes the lockouts that ended before {@code now}; returns how many went. */
    public int purgeExpired(long now) {
        try {
            return database.withHandle(handle -> handle.createUpdate("DELETE FROM account_lockouts WHERE until_ms <= :now")
                    .bind("now", now).execute());
        } catch (JdbiException e) {
            throw StoreException.of("Deleting lockouts failed", e);
        }
    }

    /** Applies a change to one account's scopes in this process's view (after the database has it). */
    private void publish(String accountId, java.util.function.Consumer<Map<String, Lockout>> change) {
        reloading.lock();
        try {
            Snapshot current = snapshot;
            Map<String, Map<String, Lockout>> copy = new HashMap<>(current.byAccount);
            Map<String, Lockout> scopes = new HashMap<>(copy.getOrDefault(accountId, Map.of()));
            change.accept(scopes);
            copy.put(accountId, Map.copyOf(scopes));
            snapshot = new Snapshot(current.loadedAt, Map.copyOf(copy));
        } finally {
            reloading.unlock();
        }
    }

    private Map<String, Map<String, Lockout>> view(long now) {
        Snapshot current = snapshot;
        boolean fresh = current.loadedAt != NEVER_LOADED && now >= current.loadedAt && now - current.loadedAt < MAX_AGE_MS;
        if (fresh || !reloading.tryLock()) {
            return current.byAccount;
        }
        try {
            Map<String, Map<String, Lockout>> loaded = new HashMap<>();
            for (Lockout lockout : load(now)) {
                loaded.computeIfAbsent(lockout.accountId(), id -> new HashMap<>()).put(lockout.scope(), lockout);
            }
            Map<String, Map<String, Lockout>> frozen = new HashMap<>();
            loaded.forEach((id, scopes) -> frozen.put(id, Map.copyOf(scopes)));
            snapshot = new Snapshot(now, Map.copyOf(frozen));
            return snapshot.byAccount;
        } finally {
            reloading.unlock();
        }
    }

    private List<Lockout> load(long now) {
        try {
            return database.withHandle(handle -> handle.createQuery("""
                    SELECT account_id, scope, until_ms, reason, window_name FROM account_lockouts WHERE until_ms > :now""")
                    .bind("now", now)
                    .map((row, context) -> new Lockout(row.getString("account_id"), row.getString("scope"),
                            row.getLong("until_ms"), row.getString("reason"), row.getString("window_name")))
                    .list());
        } catch (JdbiException e) {
            throw StoreException.of("Reading lockouts failed", e);
        }
    }
}
