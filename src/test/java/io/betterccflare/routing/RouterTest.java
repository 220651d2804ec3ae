package io.betterccflare.routing;

import static io.betterccflare.routing.SessionStrategyTest.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The router, session affinity, the circuit breaker and request facts, over account snapshots and given times. */
class RouterTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private final AtomicReference<String> strategy = new AtomicReference<>(Router.SESSION_AFFINITY);
    private final SessionAffinity affinity = new SessionAffinity(3, HOUR);
    private final InFlight inFlight = new InFlight();
    private final Router router = new Router(new SessionStrategy(5 * HOUR), affinity, inFlight, strategy::get);

    private static Account used(String name, int priority, double fiveHourUtilization) {
        RateLimitState limits = new RateLimitState(null, null, null, null, null, "allowed", null, fiveHourUtilization,
                null, null, null, null, null, 0);
        return new Account(name + "-id", name, Provider.ANTHROPIC, AccountMode.MAX,
                new Account.Credentials(null, "rt", "at", null), 0, null, 0, 0, 1, priority, false,
                null, 0, false, false, null, null, false, null, null, limits, null, null);
    }

    private String first(List<Account> accounts, String session, Map<String, Refusal.Lockout> blocked, long now) {
        return ((Route.Candidates) router.route(accounts, session, blocked, now)).accounts().getFirst().name();
    }

    @Test
    void a_session_stays_on_its_account_while_it_can_serve_and_moves_only_when_it_cannot() {
        List<Account> accounts = List.of(plain("a", 0), plain("b", 0));
        affinity.served("s1", "b-id", NOW);

        assertThat(first(accounts, "s1", Map.of(), NOW)).isEqualTo("b");
        assertThat(first(accounts, "s1", Map.of("b-id", new Refusal.Lockout(NOW + HOUR, Refusal.RATE_LIMITED)), NOW))
                .isEqualTo("a");
    }

    @Test
    void new_sessions_spread_over_the_best_priority_by_health() {
        List<Account> accounts = List.of(used("busy", 0, 0.9), used("fresh", 0, 0.1), used("spare", 5, 0.0));

        assertThat(first(accounts, "new", Map.of(), NOW)).isEqualTo("fresh");
        affinity.served("s1", "fresh-id", NOW);
        inFlight.enter("fresh-id");
        assertThat(first(List.of(used("x", 0, 0), used("y", 0, 0)), "s2", Map.of(), NOW)).isEqualTo("x");
        affinity.served("s2", "x-id", NOW);
        assertThat(first(List.of(used("x", 0, 0), used("y", 0, 0)), "s3", Map.of(), NOW)).isEqualTo("y");
    }

    @Test
    void sessions_are_bounded_and_expire() {
        affinity.served("s1", "a-id", NOW);
        affinity.served("s2", "a-id", NOW);
        affinity.served("s3", "a-id", NOW);
        affinity.served("s4", "a-id", NOW);

        assertThat(affinity.size()).isEqualTo(3);
        assertThat(affinity.accountOf("s1", NOW)).isNull();
        assertThat(affinity.accountOf("s4", NOW + HOUR - 1)).isEqualTo("a-id");
        assertThat(affinity.accountOf("s4", NOW + 2 * HOUR)).isNull();
    }

    @Test
    void without_a_session_key_or_with_the_session_strategy_the_reference_rules_apply() {
        List<Account> accounts = List.of(plain("a", 0), plain("b", 0));
        affinity.served("s1", "b-id", NOW);

        assertThat(first(accounts, null, Map.of(), NOW)).isEqualTo("a");
        strategy.set(Router.SESSION);
        assertThat(first(accounts, "s1", Map.of(), NOW)).isEqualTo("a");
    }

    @Test
    void blocked_accounts_count_in_the_refusal() {
        List<Account> accounts = List.of(plain("a", 0));
        Route route = router.route(accounts, "s1", Map.of("a-id", new Refusal.Lockout(NOW + 90_000, Refusal.RATE_LIMITED)), NOW);

        assertThat(route).isInstanceOf(Route.Unavailable.class);
        Refusal refusal = ((Route.Unavailable) route).refusal();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(90);
    }

    @Test
    void the_breaker_opens_after_failures_in_a_row_and_lets_exactly_one_probe_through() {
        CircuitBreaker breaker = new CircuitBreaker();
        for (int i = 0; i < CircuitBreaker.FAILURES_TO_OPEN - 1; i++) {
            breaker.failure("a", NOW);
        }
        assertThat(breaker.state("a", NOW)).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.failure("a", NOW);
        assertThat(breaker.state("a", NOW)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire("a", NOW + 1)).isFalse();

        long later = NOW + CircuitBreaker.OPEN_MS;
        assertThat(breaker.tryAcquire("a", later)).isTrue();
        assertThat(breaker.tryAcquire("a", later)).isFalse();
        breaker.release("a");
        assertThat(breaker.tryAcquire("a", later)).isTrue();
        breaker.failure("a", later);
        assertThat(breaker.state("a", later + 1)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.openUntil("a")).isEqualTo(later + CircuitBreaker.OPEN_MS);

        long probe = later + CircuitBreaker.OPEN_MS;
        assertThat(breaker.tryAcquire("a", probe)).isTrue();
        breaker.success("a");
        assertThat(breaker.state("a", probe)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire("a", probe)).isTrue();
        assertThat(breaker.tryAcquire("a", probe)).isTrue();
    }

    @Test
    void request_facts_read_the_model_and_the_session_key_cheaply() {
        byte[] body = """
                {"model":"claude-opus-4-1","messages":[{"role":"user","content":[{"type":"text","text":"{\\"model\\":1}"}]}],
                 "metadata":{"user_id":"user_abc_account__session_42"},"stream":true}""".getBytes(StandardCharsets.UTF_8);

        RequestFacts withHeader = RequestFacts.of(Map.of(RequestFacts.SESSION_HEADER, List.of("cc-session-1")), body, true);
        RequestFacts fromBody = RequestFacts.of(Map.of(), body, true);
        RequestFacts notWanted = RequestFacts.of(Map.of(), body, false);

        assertThat(withHeader).isEqualTo(new RequestFacts("claude-opus-4-1", "cc-session-1"));
        assertThat(withHeader.family()).isEqualTo("opus");
        assertThat(fromBody.sessionKey()).isEqualTo("user_abc_account__session_42");
        assertThat(notWanted.sessionKey()).isNull();
        assertThat(RequestFacts.of(Map.of(), "not json".getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new RequestFacts(null, null));
        assertThat(RequestFacts.of(Map.of(), "{\"model\":".getBytes(StandardCharsets.UTF_8), true).model()).isNull();
    }
}
