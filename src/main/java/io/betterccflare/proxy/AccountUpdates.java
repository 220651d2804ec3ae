package io.betterccflare.proxy;

import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.RateLimitState;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the proxy's account bookkeeping (usage counters, sessions, rate-limit state, lockouts) off
 * the request path, so that no client waits for the database. One writer thread drains a bounded
 * queue in order; when the queue is full, new updates are dropped with a warning. {@link #close}
 * writes what is queued, then stops. Thread-safe.
 */
public final class AccountUpdates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountUpdates.class);
    private static final int CAPACITY = 10_000;
    private static final Runnable STOP = () -> { };

    private final AccountStore store;
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AccountUpdates(AccountStore store) {
        this.store = store;
        this.writer = Thread.ofPlatform().daemon().name("account-updates").start(this::drain);
    }

    /** A response the account served, see {@link AccountStore#recordServed}. */
    void served(String accountId, long now, long sessionDurationMs, RateLimitState seen, boolean success) {
        submit(() -> store.recordServed(accountId, now, sessionDurationMs, seen, success));
    }

    /** A response that benched the account, see {@link AccountStore#recordLockout}. */
    void lockout(String accountId, long now, RateLimitState seen, long until, String reason, String authFailure) {
        submit(() -> store.recordLockout(accountId, now, seen, until, reason, authFailure));
    }

    private void submit(Runnable update) {
        if (closed || !queue.offer(update)) {
            long count = dropped.incrementAndGet();
            if (count % 100 == 1) {
                LOG.warn("Account update queue is full or closed; {} updates dropped so far", count);
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable update;
            try {
                update = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (update == STOP) {
                return;
            }
            try {
                update.run();
            } catch (RuntimeException e) {
                LOG.warn("Account update failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                writer.join(10_000);
            } else {
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
