package io.betterccflare.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.betterccflare.config.Config;
import io.betterccflare.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The account repository's contract, run unchanged against SQLite and PostgreSQL by the subclasses.
 */
abstract class AccountStoreContract {
    private static final long NOW = 1_760_000_000_000L;

    private Database database;
    private AccountStore store;
    private AccountService service;

    /** The storage settings of the database under test. */
    protected abstract Config.Storage storage();

    @BeforeEach
    void open() {
        database = Database.open(storage());
        store = new AccountStore(database);
        service = new AccountService(store, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Account add(String name, AccountMode mode, int priority) {
        return service.addKeyAccount(new AccountService.NewKeyAccount(name, mode, "sk-ant-api03-" + name + "-secret-key", 1, priority,
                mode == AccountMode.ANTHROPIC_COMPATIBLE ? "https://llm.example.test/anthropic/" : null));
    }

    @Test
    void added_accounts_read_back_with_every_field() {
        Account added = add("work", AccountMode.CONSOLE, 5);

        Account read = store.byName("work").orElseThrow();

        assertThat(read).isEqualTo(added);
        assertThat(read.provider()).isEqualTo(Provider.ANTHROPIC);
        assertThat(read.mode()).isEqualTo(AccountMode.CONSOLE);
        assertThat(read.credentials().apiKey()).isEqualTo("sk-ant-api03-work-secret-key");
        assertThat(read.createdAt()).isEqualTo(NOW);
        assertThat(read.paused()).isFalse();
        assertThat(store.byId(added.id())).contains(read);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void zai_keeps_the_key_in_every_credential_column_and_compatible_keeps_its_endpoint() {
        Account zai = add("glm", AccountMode.ZAI, 0);
        Account compatible = add("other", AccountMode.ANTHROPIC_COMPATIBLE, 0);

        assertThat(store.byId(zai.id()).orElseThrow().credentials().accessToken()).isEqualTo("sk-ant-api03-glm-secret-key");
        assertThat(store.byId(zai.id()).orElseThrow().credentials().expiresAt()).isEqualTo(NOW + 365L * 24 * 3_600_000);
        assertThat(store.byId(compatible.id()).orElseThrow().customEndpoint()).isEqualTo("https://llm.example.test/anthropic");
        assertThat(store.byId(compatible.id()).orElseThrow().provider()).isEqualTo(Provider.ANTHROPIC_COMPATIBLE);
    }

    @Test
    void list_is_ordered_by_priority_then_age() {
        add("low", AccountMode.CONSOLE, 50);
        add("high", AccountMode.CONSOLE, 1);
        add("mid", AccountMode.CONSOLE, 10);

        assertThat(store.all()).extracting(Account::name).containsExactly("high", "mid", "low");
    }

    @Test
    void a_taken_name_is_refused_and_nothing_is_written() {
        add("work", AccountMode.CONSOLE, 0);

        assertThatThrownBy(() -> add("work", AccountMode.ZAI, 3))
                .isInstanceOf(AccountException.class)
                .hasMessage("Account with name 'work' already exists");
        assertThat(store.all()).singleElement().extracting(Account::provider).isEqualTo(Provider.ANTHROPIC);
    }

    @Test
    void settings_change_one_account_only() {
        Account a = add("a", AccountMode.CONSOLE, 0);
        Account b = add("b", AccountMode.CONSOLE, 0);

        store.setPaused(a.id(), true);
        store.setPriority(a.id(), 42);
        store.setTier(a.id(), 20);
        store.setAutoFallback(a.id(), true);
        store.setAutoRefresh(a.id(), true);
        store.setCustomEndpoint(a.id(), "http://127.0.0.1:9/x");
        store.rename(a.id(), "renamed");

        Account changed = store.byId(a.id()).orElseThrow();
        assertThat(changed.paused()).isTrue();
        assertThat(changed.priority()).isEqualTo(42);
        assertThat(changed.tier()).isEqualTo(20);
        assertThat(changed.autoFallbackEnabled()).isTrue();
        assertThat(changed.autoRefreshEnabled()).isTrue();
        assertThat(changed.customEndpoint()).isEqualTo("http://127.0.0.1:9/x");
        assertThat(changed.name()).isEqualTo("renamed");
        assertThat(store.byId(b.id())).contains(b);
    }

    @Test
    void rename_to_a_taken_name_is_refused() {
        Account a = add("a", AccountMode.CONSOLE, 0);
        add("b", AccountMode.CONSOLE, 0);

        assertThatThrownBy(() -> store.rename(a.id(), "b")).isInstanceOf(AccountException.class);
        assertThat(store.byId(a.id()).orElseThrow().name()).isEqualTo("a");
    }

    @Test
    void delete_removes_exactly_one_row() {
        Account a = add("a", AccountMode.CONSOLE, 0);
        add("b", AccountMode.CONSOLE, 0);

        assertThat(store.delete(a.id())).isTrue();
        assertThat(store.delete(a.id())).isFalse();
        assertThat(store.all()).extracting(Account::name).containsExactly("b");
    }

    @Test
    void record_use_counts_every_concurrent_request_and_starts_one_session() throws Exception {
        Account a = add("a", AccountMode.CONSOLE, 0);
        long duration = 5 * 3_600_000L;

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(executor.submit(() -> store.recordUse(a.id(), NOW, duration)));
            }
            for (var future : futures) {
                future.get();
            }
        }

        Account used = store.byId(a.id()).orElseThrow();
        assertThat(used.requestCount()).isEqualTo(40);
        assertThat(used.totalRequests()).isEqualTo(40);
        assertThat(used.sessionStart()).isEqualTo(NOW);
        assertThat(used.sessionRequestCount()).isEqualTo(40);
        assertThat(used.lastUsed()).isEqualTo(NOW);

        store.recordUse(a.id(), NOW + duration, duration);
        Account renewed = store.byId(a.id()).orElseThrow();
        assertThat(renewed.sessionStart()).isEqualTo(NOW + duration);
        assertThat(renewed.sessionRequestCount()).isEqualTo(1);

        store.resetCounters();
        Account reset = store.byId(a.id()).orElseThrow();
        assertThat(reset.requestCount()).isZero();
        assertThat(reset.totalRequests()).isEqualTo(41);
    }

    @Test
    void start_session_if_expired_leaves_a_live_session_alone() {
        Account a = add("a", AccountMode.CONSOLE, 0);
        store.startSessionIfExpired(a.id(), NOW, 1000);
        store.startSessionIfExpired(a.id(), NOW + 999, 1000);
        assertThat(store.byId(a.id()).orElseThrow().sessionStart()).isEqualTo(NOW);
        store.startSessionIfExpired(a.id(), NOW + 1000, 1000);
        assertThat(store.byId(a.id()).orElseThrow().sessionStart()).isEqualTo(NOW + 1000);
    }

    @Test
    void reopening_runs_no_migration_twice_and_keeps_the_data() {
        add("kept", AccountMode.CONSOLE, 0);
        database.close();

        database = Database.open(storage());
        store = new AccountStore(database);

        assertThat(store.all()).extracting(Account::name).containsExactly("kept");
    }

    // ---- proxy bookkeeping (issue 3) ----

    @Test
    void lockouts_and_served_responses_update_the_rate_limit_columns() {
        Account account = add("limits", AccountMode.CONSOLE, 0);
        long version = store.version();
        RateLimitState rejected = new RateLimitState("rejected", NOW + 3_600_000, 0L, null, null, "rejected", NOW + 3_600_000,
                1.01, "allowed", NOW + 86_400_000, 0.5, "five_hour", NOW, 0);

        store.recordLockout(account.id(), NOW, rejected, NOW + 3_600_000, "rate_limited", null);

        assertThat(store.version()).isGreaterThan(version);
        Account limited = store.byId(account.id()).orElseThrow();
        assertThat(limited.rateLimit()).isEqualTo(new RateLimitState("rejected", NOW + 3_600_000, 0L, NOW + 3_600_000,
                "rate_limited", "rejected", NOW + 3_600_000, 1.01, "allowed", NOW + 86_400_000, 0.5, "five_hour", NOW, 1));
        assertThat(limited.availableAt(NOW)).isFalse();

        store.recordLockout(account.id(), NOW + 1, RateLimitState.NONE, NOW + 60_000, "auth", "401 authentication_error: bad key");
        Account failing = store.byId(account.id()).orElseThrow();
        assertThat(failing.authFailedAt()).isEqualTo(NOW + 1);
        assertThat(failing.authFailure()).isEqualTo("401 authentication_error: bad key");
        assertThat(failing.rateLimit().consecutiveLimits()).isEqualTo(1);
        assertThat(failing.rateLimit().status()).isEqualTo("rejected");

        RateLimitState allowed = new RateLimitState("allowed", NOW + 7_200_000, null, null, null, null, null, 0.1, null, null,
                null, null, NOW + 2, 0);
        store.recordServed(account.id(), NOW + 2, 18_000_000L, allowed, true);

        Account served = store.byId(account.id()).orElseThrow();
        assertThat(served.rateLimit().status()).isEqualTo("allowed");
        assertThat(served.rateLimit().reset()).isEqualTo(NOW + 7_200_000);
        assertThat(served.rateLimit().fiveHourUtilization()).isEqualTo(0.1);
        assertThat(served.rateLimit().sevenDayUtilization()).isEqualTo(0.5);
        assertThat(served.rateLimit().limitedUntil()).isNull();
        assertThat(served.rateLimit().limitedReason()).isNull();
        assertThat(served.rateLimit().consecutiveLimits()).isZero();
        assertThat(served.authFailedAt()).isNull();
        assertThat(served.authFailure()).isNull();
        assertThat(served.requestCount()).isEqualTo(1);
        assertThat(served.sessionStart()).isEqualTo(NOW + 2);
        assertThat(served.sessionRequestCount()).isEqualTo(1);
    }

    @Test
    void issue_12_a_rate_limit_seen_twice_while_benched_is_counted_once() {
        Account account = add("streak", AccountMode.CONSOLE, 0);

        store.recordLockout(account.id(), NOW, RateLimitState.NONE, NOW + 60_000, "rate_limited", null);
        store.recordLockout(account.id(), NOW + 5, RateLimitState.NONE, NOW + 60_000, "rate_limited", null);
        assertThat(store.byId(account.id()).orElseThrow().rateLimit().consecutiveLimits()).isEqualTo(1);

        store.recordLockout(account.id(), NOW + 60_000, RateLimitState.NONE, NOW + 120_000, "rate_limited", null);
        assertThat(store.byId(account.id()).orElseThrow().rateLimit().consecutiveLimits()).isEqualTo(2);
    }

    @Test
    void an_unsuccessful_served_response_keeps_the_lockout() {
        Account account = add("keeps", AccountMode.CONSOLE, 0);
        store.recordLockout(account.id(), NOW, RateLimitState.NONE, NOW + 10_000, "overloaded", null);

        store.recordServed(account.id(), NOW + 1, 18_000_000L, RateLimitState.NONE, false);

        Account read = store.byId(account.id()).orElseThrow();
        assertThat(read.rateLimit().limitedUntil()).isEqualTo(NOW + 10_000);
        assertThat(read.rateLimit().limitedReason()).isEqualTo("overloaded");
        assertThat(read.rateLimit().consecutiveLimits()).isZero();
        assertThat(read.totalRequests()).isEqualTo(1);
    }
}
