package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.accounts.ServedBatch;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the proxy's account bookkeeping (usage counters, sessions, rate-limit state, lockouts) off
 * the request path, so that no client waits for the database. Served responses are merged per account
 * and written every {@link #FLUSH_MS} (one UPDATE per busy account instead of one per request; only a
 * response that starts a session or ends a lockout is written at once, as routing must see it);
 * lockouts go through a bounded queue in order, each preceded by a flush of the merged responses so that
 * a later lockout is never undone by an earlier success. When the queue is full, lockouts are dropped
 * with a warning. {@link #close} writes everything pending, then stops. Thread-safe.
 */
public final class AccountUpdates implements AutoCloseable {
    static final long FLUSH_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(AccountUpdates.class);
    private static final int CAPACITY = 10_000;
    private static final Runnable STOP = () -> { };

    private final AccountStore store;
    private final long sessionDurationMs;
    private final Map<String, ServedBatch> served = new ConcurrentHashMap<>();
    private final BlockingQueue<Runnable> lockouts = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AccountUpdates(AccountStore store, long sessionDurationMs) {
        this.store = store;
        this.sessionDurationMs = sessionDurationMs;
        this.writer = Thread.ofPlatform().daemon().name("account-updates").start(this::drain);
    }

    /**
     * A response {@code account} served (as routing saw it); see {@link AccountStore#recordServed}.
     * Counted in the next merged write, except when it starts a session or ends a lockout: that changes
     * routing, so it is written at once, on the calling thread, and routing caches are told. With
     * {@code bypassSession} (an auto-refresh probe) only the rate-limit values are kept (and a success ends a
     * lockout): no counter moves and no session starts, see {@link AccountStore#recordObserved}.
     */
    void served(Account account, long now, RateLimitState seen, boolean success, boolean bypassSession) {
        if (bypassSession) {
            run(() -> store.recordObserved(account.id(), seen, success));
            store.routingChanged(account.id());
            return;
        }
        var one = new ServedBatch(1, now, now, seen, success);
        boolean changesRouting = !account.sessionActiveAt(now, sessionDurationMs)
                || account.rateLimit().limitedUntil() != null || account.authFailedAt() != null;
        if (!changesRouting) {
            served.merge(account.id(), one, (pending, ignored) -> pending.plus(now, seen, success));
            return;
        }
        ServedBatch pending = served.remove(account.id());
        ServedBatch batch = pending == null ? one : pending.plus(now, seen, success);
        run(() -> store.recordServed(account.id(), batch, sessionDurationMs));
        store.routingChanged(account.id());
    }

    /** A response that benched the account, see {@link AccountStore#recordLockout}. */
    void lockout(String accountId, long now, RateLimitState seen, long until, String reason, String authFailure) {
        Runnable update = () -> store.recordLockout(accountId, now, seen, until, reason, authFailure);
        if (closed || !lockouts.offer(update)) {
            long count = dropped.incrementAndGet();
            if (count % 100 == 1) {
                LOG.warn("Account update queue is full or closed; {} updates dropped so far", count);
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable lockout;
            try {
                lockout = lockouts.poll(FLUSH_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            flushServed();
            if (lockout == STOP) {
                return;
            }
            if (lockout != null) {
                run(lockout);
            }
        }
    }

    private void flushServed() {
        for (String accountId : served.keySet()) {
            ServedBatch batch = served.remove(accountId);
            if (batch != null) {
                run(() -> store.recordServed(accountId, batch, sessionDurationMs));
            }
        }
    }

    private static void run(Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            LOG.warn("Account update failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (lockouts.offer(STOP, 5, TimeUnit.SECONDS)) {
                writer.join(10_000);
            } else {
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
