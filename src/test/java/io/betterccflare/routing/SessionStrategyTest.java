package io.betterccflare.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStrategyTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final long FIVE_HOURS = 18_000_000L;
    private final SessionStrategy strategy = new SessionStrategy(FIVE_HOURS);

    static Account account(String name, int priority, boolean paused, Long sessionStart, boolean autoFallback,
                           Long reset, Long limitedUntil, String reason) {
        RateLimitState limits = new RateLimitState(null, reset, null, limitedUntil, reason, null, null, null, null, null,
                null, null, null, 0);
        return new Account(name + "-id", name, Provider.ANTHROPIC, AccountMode.CONSOLE,
                new Account.Credentials("key-" + name, null, null, null), 0, null, 0, 0, 1, priority, paused,
                sessionStart, 0, autoFallback, false, null, null, false, null, null, limits, null, null);
    }

    static Account plain(String name, int priority) {
        return account(name, priority, false, null, false, null, null, null);
    }

    private static List<String> names(Route route) {
        return ((Route.Candidates) route).accounts().stream().map(Account::name).toList();
    }

    @Test
    void no_accounts_means_pass_through() {
        assertThat(strategy.route(List.of(), NOW)).isEqualTo(new Route.NoAccounts());
    }

    @Test
    void without_a_session_lower_priority_numbers_come_first_and_ties_keep_store_order() {
        assertThat(names(strategy.route(List.of(plain("a", 5), plain("b", 1), plain("c", 5)), NOW)))
                .containsExactly("b", "a", "c");
    }

    @Test
    void the_most_recent_live_session_goes_first_even_over_better_priority() {
        Account older = account("older", 0, false, NOW - 3_600_000, false, null, null, null);
        Account newer = account("newer", 9, false, NOW - 60_000, false, null, null, null);
        Account none = plain("none", 1);

        assertThat(names(strategy.route(List.of(older, none, newer), NOW))).containsExactly("newer", "older", "none");
    }

    @Test
    void an_expired_session_does_not_count() {
        Account expired = account("expired", 9, false, NOW - FIVE_HOURS, false, null, null, null);

        assertThat(names(strategy.route(List.of(expired, plain("best", 0)), NOW))).containsExactly("best", "expired");
    }

    @Test
    void a_paused_or_limited_session_account_is_skipped_without_reviving_an_older_session() {
        Account paused = account("paused", 0, true, NOW - 1_000, false, null, null, null);
        Account limited = account("limited", 0, false, NOW - 500, false, null, NOW + 60_000, "rate_limited");
        Account older = account("older", 5, false, NOW - 10_000, false, null, null, null);

        assertThat(names(strategy.route(List.of(paused, older, plain("best", 1)), NOW))).containsExactly("best", "older");
        assertThat(names(strategy.route(List.of(limited, older, plain("best", 1)), NOW))).containsExactly("best", "older");
    }

    @Test
    void auto_fallback_with_a_passed_reset_jumps_ahead_of_the_session() {
        Account session = account("session", 0, false, NOW - 1_000, false, null, null, null);
        Account fallback = account("fallback", 7, false, null, true, NOW - 1, null, null);
        Account notYet = account("not-yet", 3, false, null, true, NOW + 60_000, null, null);
        Account optedOut = account("opted-out", 2, false, null, false, NOW - 1, null, null);

        assertThat(names(strategy.route(List.of(session, fallback, notYet, optedOut), NOW)))
                .containsExactly("fallback", "session", "opted-out", "not-yet");
    }

    @Test
    void auto_fallback_ignores_paused_and_locked_out_candidates() {
        Account paused = account("paused", 0, true, null, true, NOW - 1, null, null);
        Account locked = account("locked", 0, false, null, true, NOW - 1, NOW + 1, "rate_limited");

        assertThat(names(strategy.route(List.of(paused, locked, plain("plain", 3)), NOW))).containsExactly("plain");
    }

    @Test
    void nothing_available_is_a_refusal() {
        Account limited = account("limited", 0, false, null, false, null, NOW + 30_000, "rate_limited");

        Route route = strategy.route(List.of(limited), NOW);

        assertThat(route).isInstanceOf(Route.Unavailable.class);
        assertThat(((Route.Unavailable) route).refusal().status()).isEqualTo(429);
    }
}
