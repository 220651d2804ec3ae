package io.betterccflare.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.store.Database;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SecretsAtRestContract} on PostgreSQL: the test schema is searched in a {@code pg_dump} of it. */
@ExtendWith(RequiresPostgres.class)
class PostgresSecretsAtRestTest extends SecretsAtRestContract {
    private String databaseUrl;

    @BeforeEach
    void freshSchema() {
        databaseUrl = TestDatabases.freshPostgresUrl();
    }

    @Override
    protected TestEnv database(TestEnv env) {
        return env.with("DATABASE_URL", databaseUrl);
    }

    /**
     * Two instances on one schema with the key and an expiring subscription: twenty requests over both make one
     * token call (the compare-and-set compares the stored sealed token), every upstream request carries the one
     * stored token, and the stored tokens are sealed.
     */
    @Test
    void two_instances_refresh_an_encrypted_subscription_once_and_share_the_stored_token() throws Exception {
        String[] pair = oauth.issuePair();
        String id;
        try (Database database = Database.open(env(KEY).config().storage())) {
            id = OAuthTestAccounts.max(new AccountStore(database), "sub", pair[0], pair[1],
                    System.currentTimeMillis() + 60_000, System.currentTimeMillis()).id();
        }
        oauth.refreshResponder(body -> {
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            return oauth.rotate(body);
        });
        try (RunningApp a = RunningApp.start(env(KEY).config(), Clock.systemUTC());
             RunningApp b = RunningApp.start(env(KEY).config(), Clock.systemUTC());
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Sent>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RunningApp node = i % 2 == 0 ? a : b;
                sent.add(clients.submit(() -> send(node, "sub", false)));
            }
            for (Future<Sent> one : sent) {
                assertThat(one.get().response().statusCode()).isEqualTo(200);
            }
        }
        assertThat(oauth.refreshCalls()).isEqualTo(1);
        Account stored = storedAccounts(KEY).getFirst();
        assertThat(stored.requiresReauth()).isFalse();
        assertThat(stored.credentials().accessToken()).isNotEqualTo(pair[0]);
        assertThat(upstream.received()).filteredOn(r -> r.path().equals("/v1/messages"))
                .extracting(r -> r.header("authorization")).containsOnly("Bearer " + stored.credentials().accessToken());
        try (Database database = Database.open(env(KEY).config().storage())) {
            String raw = database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT access_token || ' ' || refresh_token FROM accounts WHERE id = :id").bind("id", id)
                    .mapTo(String.class).one());
            assertThat(raw)
                    .doesNotContain(stored.credentials().accessToken()).doesNotContain(stored.credentials().refreshToken())
                    .startsWith(FieldCipher.PREFIX);
        }
    }

    /** Two instances started together with the key on a clear database: both start, and the values are sealed once. */
    @Test
    void two_instances_starting_together_with_a_key_convert_a_clear_database_once() throws Exception {
        Sent clear;
        try (RunningApp app = RunningApp.start(env(null).config(), Clock.systemUTC())) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("cons", AccountMode.CONSOLE,
                    "sk-ant-api03-two-starts-0123456789abcdef", 1, 0, null));
            clear = send(app, "cons", true);
            awaitLogged(app, 1);
        }
        try (ExecutorService starts = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<RunningApp> a = starts.submit(() -> RunningApp.start(env(KEY).config(), Clock.systemUTC()));
            Future<RunningApp> b = starts.submit(() -> RunningApp.start(env(KEY).config(), Clock.systemUTC()));
            try (RunningApp first = a.get(); RunningApp second = b.get()) {
                String id = first.get("/api/requests").json().get(0).get("id").asText();
                for (RunningApp node : List.of(first, second)) {
                    assertThat(node.get("/api/requests/payload/" + id).body()).contains(clear.marker());
                    assertThat(send(node, "cons", false).response().statusCode()).isEqualTo(200);
                }
            }
        }
        assertThat(upstream.received()).filteredOn(r -> r.path().equals("/v1/messages"))
                .extracting(r -> r.header("x-api-key")).containsOnly("sk-ant-api03-two-starts-0123456789abcdef");
        assertThat(rawStorage(env(KEY))).doesNotContain("sk-ant-api03-two-starts-0123456789abcdef")
                .doesNotContain(clear.marker()).doesNotContain(clear.prompt());
    }

    /** {@code pg_dump} of the test's schema (plain SQL, data as COPY text). */
    @Override
    protected String rawStorage(TestEnv env) {
        String base = System.getenv(TestDatabases.URL_VARIABLE);
        String schema = databaseUrl.substring(databaseUrl.indexOf("currentSchema=") + "currentSchema=".length());
        try {
            Process dump = new ProcessBuilder("pg_dump", "--no-owner", "--schema=" + schema, "--dbname=" + base)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!dump.waitFor(60, TimeUnit.SECONDS) || dump.exitValue() != 0 || !text.contains("COPY ")) {
                throw new IllegalStateException("pg_dump of schema " + schema + " failed");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
