package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The account list the router reads on every request, cached: reloaded when the store saw a write
 * through this process, or when the copy is older than {@link #MAX_AGE_MS} (writes by other processes:
 * the CLI, another instance on PostgreSQL). While one thread reloads, others keep the previous copy.
 * Thread-safe: an immutable snapshot behind a volatile field, reloads guarded by a lock.
 */
final class AccountPool {
    static final long MAX_AGE_MS = 1_000;

    private record Snapshot(long version, long loadedAt, List<Account> accounts) {
    }

    private final AccountStore store;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot;

    AccountPool(AccountStore store) {
        this.store = store;
    }

    /** The accounts, preferred first, as of at most {@link #MAX_AGE_MS} before {@code now}. */
    List<Account> accounts(long now) {
        Snapshot current = snapshot;
        if (fresh(current, now)) {
            return current.accounts;
        }
        if (current != null && !reloading.tryLock()) {
            return current.accounts;
        }
        if (current == null) {
            reloading.lock();
        }
        try {
            Snapshot again = snapshot;
            if (fresh(again, now)) {
                return again.accounts;
            }
            long version = store.version();
            Snapshot loaded = new Snapshot(version, now, List.copyOf(store.all()));
            snapshot = loaded;
            return loaded.accounts;
        } finally {
            reloading.unlock();
        }
    }

    private boolean fresh(Snapshot candidate, long now) {
        return candidate != null && candidate.version == store.version() && now - candidate.loadedAt < MAX_AGE_MS
                && now >= candidate.loadedAt;
    }
}
