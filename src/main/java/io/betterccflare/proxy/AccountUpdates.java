package io.betterccflare.proxy;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.accounts.ServedBatch;
import io.betterccflare.server.HealthCheck;
import io.betterccflare.store.BatchWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Writes the proxy's account bookkeeping (usage counters, sessions, rate-limit state, lockouts) off the
 * request path, on one platform {@link BatchWriter} thread: no request thread runs sqlite-jdbc's
 * carrier-pinning calls, and a client waits for the database only for the rare updates that change routing
 * (a session starts, a lockout begins or ends, an auth failure is cleared): those are awaited, at most
 * {@link #ROUTING_WAIT_MS}, so that this process's next request routes on them (issue 11 part 8). Updates are written in the order they were
 * made; consecutive served responses of one account are merged into one UPDATE, and a lockout is written
 * only after the responses served before it, so a later lockout is never undone by an earlier success.
 * A response that starts a session or ends a lockout tells routing ({@link AccountStore#routingChanged})
 * once it is written. A failing database delays updates (retried until it works), it does not drop them;
 * what cannot be kept is counted in {@link #stats()}. {@link #close} writes everything pending, then stops.
 * Thread-safe.
 */
public final class AccountUpdates implements HealthCheck, AutoCloseable {
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 1_000;
    private static final long CLOSE_DEADLINE_MS = 10_000;
    /** Longest wait for an update that changes routing to be stored (a failing database is not waited for). */
    static final long ROUTING_WAIT_MS = 2_000;

    /** One queued update. */
    private sealed interface Update permits Served, Lockout, Observed {
        String accountId();
    }

    private record Served(String accountId, long at, RateLimitState seen, boolean success, boolean changesRouting)
            implements Update {
    }

    private record Observed(String accountId, RateLimitState seen, boolean success) implements Update {
    }

    private record Lockout(String accountId, long at, RateLimitState seen, long until, String reason, String authFailure)
            implements Update {
    }

    private final AccountStore store;
    private final long sessionDurationMs;
    private final BatchWriter<Update> writer;

    public AccountUpdates(AccountStore store, long sessionDurationMs, Clock clock) {
        this.store = store;
        this.sessionDurationMs = sessionDurationMs;
        this.writer = new BatchWriter<>("account-updates", CAPACITY, BATCH, this::write, clock::millis, CLOSE_DEADLINE_MS);
    }

    /**
     * A response {@code account} served (as routing saw it); see {@link AccountStore#recordServed}. With
     * {@code bypassSession} (an auto-refresh probe) only the rate-limit values are kept (and a success ends a
     * lockout): no counter moves and no session starts, see {@link AccountStore#recordObserved}.
     */
    void served(Account account, long now, RateLimitState seen, boolean success, boolean bypassSession) {
        if (bypassSession) {
            writer.offerAndAwait(new Observed(account.id(), seen, success), ROUTING_WAIT_MS);
            return;
        }
        boolean changesRouting = !account.sessionActiveAt(now, sessionDurationMs)
                || account.rateLimit().limitedUntil() != null || account.authFailedAt() != null;
        Served served = new Served(account.id(), now, seen, success, changesRouting);
        if (changesRouting) {
            writer.offerAndAwait(served, ROUTING_WAIT_MS);
        } else {
            writer.offer(served);
        }
    }

    /** A response that benched the account, see {@link AccountStore#recordLockout}. */
    void lockout(String accountId, long now, RateLimitState seen, long until, String reason, String authFailure) {
        writer.offerAndAwait(new Lockout(accountId, now, seen, until, reason, authFailure), ROUTING_WAIT_MS);
    }

    /** Queued, written and lost updates, for {@code /health} and metrics; cheap, no database access. */
    public BatchWriter.Stats stats() {
        return writer.stats();
    }

    @Override
    public String name() {
        return "accountUpdates";
    }

    @Override
    public Object details() {
        return stats();
    }

    @Override
    public List<String> problems(long nowMs) {
        return stats().problems(nowMs);
    }

    /**
     * Writes {@code batch} in segments: the served responses up to the next lockout, merged per account,
     * then that lockout. Each written update leaves {@code batch} at once, so a retry after a failure
     * repeats nothing (the counters are increments).
     */
    private void write(List<Update> batch) {
        Set<String> routingChanged = new LinkedHashSet<>();
        try {
            while (!batch.isEmpty()) {
                int end = 0;
                while (end < batch.size() && batch.get(end) instanceof Served) {
                    end++;
                }
                writeServed(batch, end, routingChanged);
                if (!batch.isEmpty() && batch.getFirst() instanceof Lockout l) {
                    store.recordLockout(l.accountId(), l.at(), l.seen(), l.until(), l.reason(), l.authFailure());
                    batch.removeFirst();
                } else if (!batch.isEmpty() && batch.getFirst() instanceof Observed o) {
                    store.recordObserved(o.accountId(), o.seen(), o.success());
                    routingChanged.add(o.accountId());
                    batch.removeFirst();
                }
            }
        } finally {
            routingChanged.forEach(store::routingChanged);
        }
    }

    /** Writes the first {@code end} items (all {@link Served}), one UPDATE per account; notes a routing change. */
    private void writeServed(List<Update> batch, int end, Set<String> routingChanged) {
        Map<String, List<Served>> byAccount = new LinkedHashMap<>();
        for (Update update : batch.subList(0, end)) {
            byAccount.computeIfAbsent(update.accountId(), id -> new ArrayList<>()).add((Served) update);
        }
        for (Map.Entry<String, List<Served>> entry : byAccount.entrySet()) {
            List<Served> served = entry.getValue();
            Served first = served.getFirst();
            ServedBatch merged = new ServedBatch(1, first.at(), first.at(), first.seen(), first.success());
            boolean changes = first.changesRouting();
            for (Served next : served.subList(1, served.size())) {
                merged = merged.plus(next.at(), next.seen(), next.success());
                changes |= next.changesRouting();
            }
            store.recordServed(entry.getKey(), merged, sessionDurationMs);
            if (changes) {
                routingChanged.add(entry.getKey());
            }
            batch.removeIf(update -> update instanceof Served s && containsSame(served, s));
        }
    }

    private static boolean containsSame(List<Served> written, Served candidate) {
        for (Served s : written) {
            if (s == candidate) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        writer.close();
    }
}
