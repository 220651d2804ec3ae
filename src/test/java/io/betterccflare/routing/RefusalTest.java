package io.betterccflare.routing;

import static io.betterccflare.routing.SessionStrategyTest.account;
import static io.betterccflare.routing.SessionStrategyTest.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalTest {
    private static final long NOW = 1_760_000_000_000L;

    @Test
    void all_unpaused_accounts_rate_limited_names_the_earliest_reset() {
        var early = account("early", 0, false, null, false, null, NOW + 90_500, "rate_limited");
        var late = account("late", 0, false, null, false, null, NOW + 3_600_000, "rate_limited");
        var paused = account("paused", 0, true, null, false, null, null, null);

        assertThat(Refusal.of(List.of(early, late, paused), Map.of(), 0, NOW)).isEqualTo(new Refusal(429, "rate_limit_error",
                "All accounts are rate limited; the earliest resets at 2025-10-09T08:54:50.500Z", 91));
    }

    @Test
    void lockouts_learnt_during_the_request_count() {
        var fresh = plain("fresh", 0);

        Refusal refusal = Refusal.of(List.of(fresh), Map.of("fresh-id", new Refusal.Lockout(NOW + 2_000, Refusal.RATE_LIMITED)), 1, NOW);

        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void overloaded_or_failing_accounts_make_a_503_with_the_earliest_cooldown() {
        var limited = account("limited", 0, false, null, false, null, NOW + 600_000, "rate_limited");
        var overloaded = plain("overloaded", 0);

        Refusal refusal = Refusal.of(List.of(limited, overloaded),
                Map.of("overloaded-id", new Refusal.Lockout(NOW + 10_000, "overloaded")), 2, NOW);

        assertThat(refusal).isEqualTo(new Refusal(503, "api_error", "All accounts failed to proxy the request (2 attempted)", 10));
    }

    @Test
    void only_paused_accounts_make_a_503() {
        var paused = account("paused", 0, true, null, false, null, null, null);

        assertThat(Refusal.of(List.of(paused), Map.of(), 0, NOW)).isEqualTo(new Refusal(503, "api_error",
                "No account can serve this request: every account is paused or needs re-authentication", 5));
    }
}
