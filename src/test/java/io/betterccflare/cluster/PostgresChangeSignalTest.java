package io.betterccflare.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.AccountStore;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.store.ChangeSignal;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster primitives on a real PostgreSQL, with two {@link Database}s on one schema standing for two
 * instances (and a third schema that must hear nothing): the change signal and the cluster locks.
 */
@ExtendWith(RequiresPostgres.class)
class PostgresChangeSignalTest {
    @TempDir
    Path temp;

    private Database first;
    private Database second;
    private Database elsewhere;

    @BeforeEach
    void open() {
        String url = TestDatabases.freshPostgresUrl();
        first = Database.open(new TestEnv(temp).with("DATABASE_URL", url).config().storage());
        second = Database.open(new TestEnv(temp).with("DATABASE_URL", url).config().storage());
        elsewhere = Database.open(new TestEnv(temp).with("DATABASE_URL", TestDatabases.freshPostgresUrl()).config().storage());
    }

    @AfterEach
    void close() {
        for (Database database : List.of(first, second, elsewhere)) {
            database.close();
        }
    }

    @Test
    void an_account_write_on_one_instance_reaches_the_other_with_what_changed_and_no_other_schema() {
        List<ChangeSignal.Change> heard = new CopyOnWriteArrayList<>();
        List<ChangeSignal.Change> heardElsewhere = new CopyOnWriteArrayList<>();
        second.changes().subscribe(heard::add);
        elsewhere.changes().subscribe(heardElsewhere::add);
        second.changes().start();
        elsewhere.changes().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.changes().version() > 0);
        long before = second.changes().version();

        AccountStore accounts = new AccountStore(first);
        String id = OAuthTestAccounts.max(accounts, "probe", "access", "refresh", null, 1L).id();
        long elsewhereVersion = elsewhere.changes().version();
        accounts.setPaused(id, true);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heard)
                .contains(new ChangeSignal.Change(first.instanceId(), AccountStore.TOPIC, id)));
        assertThat(second.changes().version()).isGreaterThan(before);
        assertThat(heardElsewhere).noneMatch(change -> change.origin().equals(first.instanceId()));
        assertThat(elsewhere.changes().version()).isEqualTo(elsewhereVersion);
    }

    @Test
    void events_reach_the_other_instance_without_moving_its_version() {
        List<ChangeSignal.Change> heard = new CopyOnWriteArrayList<>();
        second.changes().subscribe(heard::add);
        second.changes().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.changes().version() > 0);
        long before = second.changes().version();

        first.changes().broadcast("requests", List.of("{\"type\":\"start\"}", "{\"type\":\"summary\"}"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heard).extracting(ChangeSignal.Change::id)
                .containsExactly("{\"type\":\"start\"}", "{\"type\":\"summary\"}"));
        assertThat(second.changes().version()).isEqualTo(before);
    }

    @Test
    void a_cluster_lock_held_by_one_instance_makes_the_other_wait_and_times_out_with_a_clear_error() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> holder = threads.submit(() -> first.locks().exclusive("refresh:x", Duration.ofSeconds(5), () -> {
                held.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                return "first";
            }));
            held.await();

            assertThatThrownBy(() -> second.locks().exclusive("refresh:x", Duration.ofMillis(200), () -> "second"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("Waiting for the cluster lock 'refresh:x' failed: ");
            assertThat(elsewhere.locks().exclusive("refresh:x", Duration.ofMillis(200), () -> "other schema"))
                    .isEqualTo("other schema");
            Future<String> waiter = threads.submit(() -> second.locks().exclusive("refresh:x", Duration.ofSeconds(30), () -> "second"));
            release.countDown();

            assertThat(holder.get()).isEqualTo("first");
            assertThat(waiter.get()).isEqualTo("second");
        }
    }
}
