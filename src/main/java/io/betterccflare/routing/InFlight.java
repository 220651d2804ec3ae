package io.betterccflare.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests each account is serving right now (sent upstream and not yet relayed to the end), one
 * of the health signals {@link SessionAffinity} places new sessions by. Thread-safe.
 */
public final class InFlight {
    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** A request starts on the account. Pair with {@link #exit}. */
    public void enter(String accountId) {
        counts.computeIfAbsent(accountId, id -> new AtomicInteger()).incrementAndGet();
    }

    public void exit(String accountId) {
        AtomicInteger count = counts.get(accountId);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    public int count(String accountId) {
        AtomicInteger count = counts.get(accountId);
        return count == null ? 0 : Math.max(0, count.get());
    }
}
