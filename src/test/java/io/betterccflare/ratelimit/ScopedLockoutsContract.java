package io.betterccflare.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.config.Config;
import io.betterccflare.store.Database;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code account_lockouts} table through {@link ScopedLockouts}, run against SQLite and PostgreSQL by the subclasses. */
abstract class ScopedLockoutsContract {
    private static final long NOW = 1_760_000_000_000L;

    private Database database;

    protected abstract Config.Storage storage();

    @BeforeEach
    void open() {
        database = Database.open(storage());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_lockout_is_seen_at_once_here_and_within_a_second_by_another_instance_or_after_a_restart() {
        ScopedLockouts here = new ScopedLockouts(database);
        ScopedLockouts elsewhere = new ScopedLockouts(database);
        var fable = new ScopedLockouts.Lockout("a", "fable", NOW + 60_000, "rate_limited", "7d_oi");
        var account = new ScopedLockouts.Lockout("a", ScopedLockouts.ACCOUNT, NOW + 30_000, "rate_limited", "5h");

        assertThat(elsewhere.active("a", "fable", NOW)).isNull();
        here.lock(fable, NOW);
        here.lock(account, NOW);

        assertThat(here.active("a", "fable", NOW)).isEqualTo(fable);
        assertThat(here.active("a", "opus", NOW)).isNull();
        assertThat(elsewhere.active("a", "fable", NOW + ScopedLockouts.MAX_AGE_MS)).isEqualTo(fable);
        assertThat(new ScopedLockouts(database).active("a", NOW)).containsExactly(account, fable);
        assertThat(here.active("a", "fable", NOW + 60_000)).isNull();
    }

    @Test
    void a_newer_lockout_replaces_the_scope_and_clear_and_purge_remove_them() {
        ScopedLockouts lockouts = new ScopedLockouts(database);
        lockouts.lock(new ScopedLockouts.Lockout("a", "opus", NOW + 1_000, "rate_limited", "7d_opus"), NOW);
        var later = new ScopedLockouts.Lockout("a", "opus", NOW + 90_000, "rate_limited", "seven_day_opus");
        lockouts.lock(later, NOW);
        lockouts.lock(new ScopedLockouts.Lockout("b", "fable", NOW + 5_000, "rate_limited", "7d_oi"), NOW);

        assertThat(lockouts.active("a", NOW)).containsExactly(later);
        lockouts.clear("a", "opus");
        assertThat(lockouts.active("a", "opus", NOW)).isNull();
        assertThat(new ScopedLockouts(database).active("a", NOW)).isEmpty();
        assertThat(lockouts.purgeExpired(NOW + 10_000)).isEqualTo(1);
        assertThat(new ScopedLockouts(database).active("b", NOW)).isEqualTo(List.of());
    }
}
