package io.betterccflare.routing;

import io.betterccflare.accounts.Account;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code session-affinity} strategy (lessons-2026 §1 and §4): a client session (Claude Code's
 * {@code X-Claude-Code-Session-Id}, else the body's {@code metadata.user_id}) stays on the account that
 * served it while that account can serve, since its prompt cache lives there; a new session, or one whose
 * account cannot serve, goes to the healthiest usable account of the best (lowest) priority: the lowest
 * {@code max(5h, 7d utilization) + 0.05 × (requests in flight + sessions it holds)}. The other usable
 * accounts follow by priority as the failover order. Requests without a session key are routed by
 * {@link SessionStrategy}. Memory is bounded: at most {@code maxSessions} sessions, least recently used
 * evicted first, and a session idle for {@code idleMs} is forgotten. Thread-safe (one lock around the map).
 */
public final class SessionAffinity {
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    private static final double LOAD_WEIGHT = 0.05;

    private record Entry(String accountId, long lastSeen) {
    }

    private final int maxSessions;
    private final long idleMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(256, 0.75f, true);

    public SessionAffinity(int maxSessions, long idleMs) {
        if (maxSessions <= 0 || idleMs <= 0) {
            throw new IllegalArgumentException("maxSessions and idleMs must be positive");
        }
        this.maxSessions = maxSessions;
        this.idleMs = idleMs;
    }

    /**
     * Orders the usable accounts for a request of session {@code key}: its account first while it is usable,
     * else the healthiest of the best priority. Never empty when {@code usableByPriority} is not.
     *
     * @param usableByPriority the accounts that can serve this request, by priority
     */
    public List<Account> order(String key, List<Account> usableByPriority, InFlight inFlight, long now) {
        if (usableByPriority.isEmpty()) {
            return List.of();
        }
        String current = accountOf(key, now);
        Account first = null;
        for (Account account : usableByPriority) {
            if (account.id().equals(current)) {
                first = account;
                break;
            }
        }
        if (first == null) {
            first = healthiest(usableByPriority, inFlight, now);
        }
        List<Account> ordered = new ArrayList<>(usableByPriority.size());
        ordered.add(first);
        for (Account account : usableByPriority) {
            if (account != first) {
                ordered.add(account);
            }
        }
        return ordered;
    }

    /** The account that served session {@code key} last, while the session is remembered; else null. */
    public String accountOf(String key, long now) {
        lock.lock();
        try {
            Entry entry = sessions.get(key);
            if (entry == null) {
                return null;
            }
            if (now - entry.lastSeen >= idleMs) {
                sessions.remove(key);
                return null;
            }
            return entry.accountId;
        } finally {
            lock.unlock();
        }
    }

    /** Session {@code key} was served by the account at {@code now}: it stays there. */
    public void served(String key, String accountId, long now) {
        served(key, accountId, now, java.util.Set.of());
    }

    /**
     * Session {@code key} was served by the account at {@code now} after the accounts in {@code transientlyFailed}
     * answered with a transient failure (a windowless 429, 529, 5xx, a connection failure). When the session's own
     * account is among them it keeps the session (its prompt cache is there and it can serve again at once);
     * otherwise the session moves to the account that served it.
     */
    public void served(String key, String accountId, long now, java.util.Set<String> transientlyFailed) {
        lock.lock();
        try {
            Entry current = sessions.get(key);
            String keep = current != null && transientlyFailed.contains(current.accountId) ? current.accountId : accountId;
            sessions.put(key, new Entry(keep, now));
            Iterator<Map.Entry<String, Entry>> eldest = sessions.entrySet().iterator();
            while (sessions.size() > maxSessions && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many sessions are remembered (idle ones included until they are looked up or evicted). */
    public int size() {
        lock.lock();
        try {
            return sessions.size();
        } finally {
            lock.unlock();
        }
    }

    private Account healthiest(List<Account> usableByPriority, InFlight inFlight, long now) {
        Map<String, Integer> held = sessionsPerAccount(now);
        int best = usableByPriority.getFirst().priority();
        Account chosen = null;
        double chosenScore = Double.MAX_VALUE;
        for (Account account : usableByPriority) {
            if (account.priority() != best) {
                break;
            }
            double score = utilization(account) + LOAD_WEIGHT * (inFlight.count(account.id()) + held.getOrDefault(account.id(), 0));
            if (score < chosenScore) {
                chosen = account;
                chosenScore = score;
            }
        }
        return chosen;
    }

    private Map<String, Integer> sessionsPerAccount(long now) {
        Map<String, Integer> held = new HashMap<>();
        lock.lock();
        try {
            for (Entry entry : sessions.values()) {
                if (now - entry.lastSeen < idleMs) {
                    held.merge(entry.accountId, 1, Integer::sum);
                }
            }
        } finally {
            lock.unlock();
        }
        return held;
    }

    private static double utilization(Account account) {
        Double five = account.rateLimit().fiveHourUtilization();
        Double seven = account.rateLimit().sevenDayUtilization();
        return Math.max(five == null ? 0 : five, seven == null ? 0 : seven);
    }
}
