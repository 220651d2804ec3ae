package io.betterccflare.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.betterccflare.accounts.AccountStore;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite work asked for by a virtual thread (a proxied request, an API call) runs on a platform thread, so
 * sqlite-jdbc's synchronized native calls never pin a carrier (issue 12 part 5); the caller still gets the
 * result and the database's own exceptions.
 */
class DatabaseWorkThreadTest {
    @TempDir
    Path tempDir;

    @Test
    void a_virtual_thread_s_sqlite_work_runs_on_a_platform_thread_and_keeps_results_and_errors() throws Exception {
        try (Database database = Database.open(new TestEnv(tempDir).config().storage())) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicReference<Object> failure = new AtomicReference<>();
            AtomicReference<Integer> answer = new AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                answer.set(database.withHandle(handle -> {
                    ranOn.set(Thread.currentThread());
                    return handle.createQuery("SELECT 41 + 1").mapTo(Integer.class).one();
                }));
                new AccountStore(database).all();
                try {
                    database.useHandle(handle -> handle.execute("SELECT * FROM no_such_table"));
                } catch (JdbiException e) {
                    failure.set(e);
                }
            }).join();

            assertThat(answer.get()).isEqualTo(42);
            assertThat(ranOn.get().isVirtual()).isFalse();
            assertThat(ranOn.get().getName()).startsWith("sqlite-");
            assertThat(failure.get()).isInstanceOf(JdbiException.class);

            Thread caller = Thread.currentThread();
            Thread ranOnCaller = database.withHandle(handle -> Thread.currentThread());
            assertThat(ranOnCaller).isSameAs(caller);
            assertThatThrownBy(() -> database.useHandle(handle -> handle.execute("SELECT * FROM no_such_table")))
                    .isInstanceOf(JdbiException.class);
        }
    }
}
