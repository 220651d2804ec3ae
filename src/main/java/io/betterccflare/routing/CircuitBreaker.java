package io.betterccflare.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A circuit breaker per account against a sick upstream (lessons-2026 §4: a fleet retrying into it makes a
 * storm). Closed: every request may use the account. After {@link #FAILURES_TO_OPEN} transient failures in a
 * row (529, 500/502/503/504, connection failures, timeouts) it opens for {@link #OPEN_MS}: routing skips the
 * account. Then half-open: exactly one request (the probe) may use it; its success closes the breaker, its
 * failure opens it again for another {@link #OPEN_MS}; a probe that ends neither way frees the slot. Times
 * are epoch ms from the caller's clock. Thread-safe: each account's state changes atomically.
 */
public final class CircuitBreaker {
    public static final int FAILURES_TO_OPEN = 3;
    public static final long OPEN_MS = 30_000;

    /** Where one account's breaker stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private record Entry(State state, int failures, long openUntil, boolean probing) {
        static final Entry CLOSED = new Entry(State.CLOSED, 0, 0, false);
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Asks to send a request to the account at {@code now}: true when closed, or when this call takes the one
     * half-open probe slot (a call that returns true must end with {@link #success}, {@link #failure} or
     * {@link #release}).
     */
    public boolean tryAcquire(String accountId, long now) {
        boolean[] granted = {false};
        entries.compute(accountId, (id, entry) -> {
            if (entry == null || entry.state == State.CLOSED) {
                granted[0] = true;
                return entry;
            }
            if (entry.probing || now < entry.openUntil) {
                return entry;
            }
            granted[0] = true;
            return new Entry(State.HALF_OPEN, entry.failures, entry.openUntil, true);
        });
        return granted[0];
    }

    /** The account answered (whatever the status, except a transient failure): closes the breaker. */
    public void success(String accountId) {
        entries.remove(accountId);
    }

    /** A transient failure at {@code now}: counts towards opening; a failed probe opens it again. */
    public void failure(String accountId, long now) {
        entries.compute(accountId, (id, entry) -> {
            Entry current = entry == null ? Entry.CLOSED : entry;
            int failures = current.failures + 1;
            if (current.state == State.HALF_OPEN || failures >= FAILURES_TO_OPEN) {
                return new Entry(State.OPEN, failures, now + OPEN_MS, false);
            }
            return new Entry(State.CLOSED, failures, 0, false);
        });
    }

    /** A granted request ended without telling anything about the upstream (the client left): frees a probe slot. */
    public void release(String accountId) {
        entries.computeIfPresent(accountId, (id, entry) -> entry.probing
                ? new Entry(State.HALF_OPEN, entry.failures, entry.openUntil, false) : entry);
    }

    /** The account's state at {@code now}. */
    public State state(String accountId, long now) {
        Entry entry = entries.get(accountId);
        if (entry == null || entry.state == State.CLOSED) {
            return State.CLOSED;
        }
        return entry.state == State.OPEN && now < entry.openUntil ? State.OPEN : State.HALF_OPEN;
    }

    /** When an open breaker lets a probe through (epoch ms), or 0 when it is not open. */
    public long openUntil(String accountId) {
        Entry entry = entries.get(accountId);
        return entry == null || entry.state != State.OPEN ? 0 : entry.openUntil;
    }
}
