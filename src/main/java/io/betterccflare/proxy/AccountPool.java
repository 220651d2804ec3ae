package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The account list the router reads on every request, cached. The copy is tagged with the
 * {@link AccountStore#version()} it was read at; that version moves with every account change through
 * this process and, on PostgreSQL, with other instances' changes as their notifications arrive
 * (milliseconds). Rules (issue 11 part 8, issue 12 part 3):
 * <ul>
 *   <li>a copy older than a known change is never used: the request waits for the re-read;</li>
 *   <li>a copy older than {@link #MAX_AGE_MS} (the safety net for missed notifications and for writers that
 *       do not notify) is re-read by one thread while the others keep it;</li>
 *   <li>an empty copy is never trusted: "no accounts" is re-read from the database on every request, so a
 *       just-added account is never bypassed by pass-through.</li>
 * </ul>
 * The accounts' own proxies ({@code account_proxies}) are read with them, into the same copy.
 * Thread-safe: an immutable snapshot behind a volatile field, re-reads guarded by a lock.
 */
final class AccountPool {
    static final long MAX_AGE_MS = 1_000;

    private record Snapshot(long version, long loadedAt, List<Account> accounts, Map<String, String> proxies) {
    }

    private final AccountStore store;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot;

    AccountPool(AccountStore store) {
        this.store = store;
    }

    /** The accounts, preferred first, as of the latest known change and at most {@link #MAX_AGE_MS} before {@code now}. */
    List<Account> accounts(long now) {
        Snapshot current = snapshot;
        if (trusted(current)) {
            if (young(current, now) || !reloading.tryLock()) {
                return current.accounts;
            }
        } else {
            reloading.lock();
        }
        try {
            Snapshot again = snapshot;
            if (trusted(again) && young(again, now)) {
                return again.accounts;
            }
            // The version is read before the rows: a change that lands during the read makes the copy stale.
            long version = store.version();
            Snapshot loaded = new Snapshot(version, now, List.copyOf(store.all()), store.proxies().all());
            snapshot = loaded;
            return loaded.accounts;
        } finally {
            reloading.unlock();
        }
    }

    /**
     * The stored proxy URL of an account as of the copy {@link #accounts} last returned (read with the
     * accounts, at the same version), or null when it leaves through the environment's proxy or direct.
     */
    String proxyOf(String accountId) {
        Snapshot current = snapshot;
        return current == null ? null : current.proxies.get(accountId);
    }

    /** Not older than a known change, and not empty. */
    private boolean trusted(Snapshot candidate) {
        return candidate != null && candidate.version == store.version() && !candidate.accounts.isEmpty();
    }

    private static boolean young(Snapshot candidate, long now) {
        return now - candidate.loadedAt < MAX_AGE_MS && now >= candidate.loadedAt;
    }
}
