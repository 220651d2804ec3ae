package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.store.Database;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's account bookkeeping while the database is locked by someone else: served responses and
 * lockouts are queued without blocking the caller, kept while writes fail, and all written, in order, once the
 * lock goes. Run on SQLite and PostgreSQL.
 */
abstract class AccountUpdatesContract {
    @TempDir
    Path temp;

    protected abstract TestEnv env(Path temp);

    /** Blocks every write to the accounts table until closed. */
    protected abstract AutoCloseable holdWriteLock(Database database) throws Exception;

    @Test
    void a_locked_database_delays_account_updates_and_loses_none() throws Exception {
        try (Database database = Database.open(env(temp).config().storage())) {
            AccountStore store = new AccountStore(database);
            Account account = new AccountService(store, Clock.systemUTC()).addKeyAccount(new AccountService.NewKeyAccount(
                    "work", AccountMode.CONSOLE, "sk-ant-api03-work-secret", 1, 0, null));
            long now = System.currentTimeMillis();
            long until = now + 3_600_000;
            try (AccountUpdates updates = new AccountUpdates(store, 5 * 3_600_000L, Clock.systemUTC())) {
                try (AutoCloseable lock = holdWriteLock(database)) {
                    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                        for (int i = 0; i < 50; i++) {
                            updates.served(account, now + i, RateLimitState.NONE, true, false);
                        }
                        updates.lockout(account.id(), now + 50, RateLimitState.NONE, until, "rate_limited", null);
                    });
                    await().atMost(Duration.ofSeconds(20)).until(() -> updates.stats().queued() > 0);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> updates.stats().queued() == 0);
                assertThat(updates.stats().lost()).isZero();
                assertThat(updates.stats().written()).isEqualTo(51);
            }
            Account stored = store.byId(account.id()).orElseThrow();
            assertThat(stored.requestCount()).isEqualTo(50);
            assertThat(stored.rateLimit().limitedUntil()).isEqualTo(until);
        }
    }
}
