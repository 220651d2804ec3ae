package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.support.TestEnv;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 part 6: an API key, token or endpoint stored with a control character before the entries
 * refused them once made every request 500 with no failover. Now the proxy skips that account, records
 * the attempt and serves from the next one. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class StoredBrokenAccountContract {
    @TempDir
    Path temp;

    private ProxyHarness harness;

    /** Adds what selects the database under test. */
    protected abstract TestEnv database(TestEnv env);

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"apiKey", "accessToken", "endpoint"})
    void an_account_stored_with_control_characters_is_skipped_and_the_others_serve(String poisoned) throws Exception {
        harness = new ProxyHarness(temp, this::database);
        long now = System.currentTimeMillis();
        boolean oauth = poisoned.equals("accessToken");
        Account.Credentials credentials = oauth
                ? new Account.Credentials(null, "sk-ant-ort01-bad", "sk-ant-oat01-bad\r\nx-injected: 1", now + 3_600_000)
                : new Account.Credentials(poisoned.equals("apiKey") ? "sk-ant-api03-bad\r\nx-injected: 1" : "sk-ant-api03-ok",
                        null, null, null);
        String endpoint = poisoned.equals("endpoint") ? harness.fake.baseUrl() + "\r\nx-injected: 1" : null;
        harness.store.insert(new Account(UUID.randomUUID().toString(), "broken", Provider.ANTHROPIC,
                oauth ? AccountMode.MAX : AccountMode.CONSOLE, credentials, now, null, 0, 0, 1, 0, false, null, 0, false, false,
                endpoint, null, false, null, null, RateLimitState.NONE, null, null));
        harness.console("healthy", 5);

        for (String body : List.of(ProxyHarness.MESSAGE, ProxyHarness.STREAM)) {
            HttpResponse<String> response = harness.send("POST", "/v1/messages", body);
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(harness.fake.received()).hasSize(2).allSatisfy(request -> {
            assertThat(request.header("x-api-key")).isEqualTo("sk-ant-api03-healthy-key");
            assertThat(request.headers()).doesNotContainKey("x-injected");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.requestRows()).hasSize(2));
        // The first request tried the broken account first (priority 0); the second stays on the session's account.
        assertThat(harness.requestRows().get(1).path("accountsTried").toString()).contains("\"outcome\":\"invalid_account\"");
    }
}
