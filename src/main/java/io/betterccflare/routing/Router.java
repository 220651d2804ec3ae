package io.betterccflare.routing;

import io.betterccflare.accounts.Account;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Picks the accounts for one request with the strategy in force ({@code LB_STRATEGY}, changeable at runtime):
 * {@value #SESSION} ({@link SessionStrategy}, the default) or {@value #SESSION_AFFINITY}
 * ({@link SessionAffinity}; requests without a session key fall back to {@link SessionStrategy}). Accounts
 * blocked for this request (its model family is locked out there, or their circuit breaker is open) are
 * left out, and count in the refusal when nothing is left. Thread-safe.
 */
public final class Router {
    public static final String SESSION = "session";
    public static final String SESSION_AFFINITY = "session-affinity";

    private final SessionStrategy session;
    private final SessionAffinity affinity;
    private final InFlight inFlight;
    private final Supplier<String> strategy;

    public Router(SessionStrategy session, SessionAffinity affinity, InFlight inFlight, Supplier<String> strategy) {
        this.session = session;
        this.affinity = affinity;
        this.inFlight = inFlight;
        this.strategy = strategy;
    }

    /**
     * The route for a request at {@code now}.
     *
     * @param sessionKey the client's session key, or null
     * @param blocked    accounts this request must not use, with why and until when
     */
    public Route route(List<Account> accounts, String sessionKey, Map<String, Refusal.Lockout> blocked, long now) {
        if (sessionKey == null || !SESSION_AFFINITY.equals(strategy.get()) || accounts.isEmpty()) {
            return session.route(accounts, blocked, now);
        }
        List<Account> ordered = affinity.order(sessionKey, SessionStrategy.usable(accounts, blocked, now), inFlight, now);
        return ordered.isEmpty() ? new Route.Unavailable(Refusal.of(accounts, blocked, 0, now)) : new Route.Candidates(ordered);
    }

    /** True when the strategy in force keeps client sessions on their account. */
    public boolean sessionAware() {
        return SESSION_AFFINITY.equals(strategy.get());
    }

    public SessionAffinity affinity() {
        return affinity;
    }

    public InFlight inFlight() {
        return inFlight;
    }
}
