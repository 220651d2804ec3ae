package io.betterccflare.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.app.App;
import io.betterccflare.app.Version;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TcpRelay;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} states and reasons through the real server: accounts locked out, paused, database gone. */
class HealthTest {
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path temp;

    private FakeAnthropic fake;
    private App app;
    private ApiClient api;
    private TcpRelay relay;

    private void start(TestEnv env) {
        fake = FakeAnthropic.start();
        app = App.open(env.with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()).config(), Clock.systemUTC());
        api = new ApiClient(app.serve().port());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private void addAccounts(String... names) {
        for (int i = 0; i < names.length; i++) {
            app.accounts().addKeyAccount(new AccountService.NewKeyAccount(names[i], AccountMode.CONSOLE,
                    "sk-ant-api03-" + names[i], 1, i, null));
        }
    }

    @Test
    void ok_with_the_version_the_revision_and_the_reference_fields() {
        start(new TestEnv(temp));
        addAccounts("alpha");

        JsonNode health = api.get("/health").json();

        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("reasons")).isEmpty();
        assertThat(health.path("accounts").asInt()).isEqualTo(1);
        assertThat(health.path("strategy").asText()).isEqualTo("session");
        assertThat(health.path("timestamp").asText()).isNotBlank();
        assertThat(health.path("version").asText()).isEqualTo(Version.VALUE);
        assertThat(health.path("revision").asText()).isEqualTo(Version.REVISION).isNotBlank();
    }

    @Test
    void unhealthy_when_every_account_is_locked_out() {
        start(new TestEnv(temp));
        addAccounts("alpha", "beta");
        // A spent 5-hour window benches the account (a 429 without window information would not, issue 11).
        long reset = System.currentTimeMillis() / 1000 + 3_600;
        fake.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down").withWindow("5h", "rejected", reset),
                FakeResponse.error(429, "rate_limit_error", "slow down").withWindow("5h", "rejected", reset));

        assertThat(api.post("/v1/messages", MESSAGE).status()).isEqualTo(429);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode health = api.get("/health").json();
            assertThat(health.path("status").asText()).isEqualTo("unhealthy");
            assertThat(reasons(health)).containsExactly("no account can serve: 2 locked out, 0 paused, 0 need re-authentication");
        });
    }

    @Test
    void unhealthy_when_every_account_is_paused_and_ok_again_on_resume() {
        start(new TestEnv(temp));
        addAccounts("alpha");
        String id = app.accounts().list().getFirst().id();
        app.accountStore().setPaused(id, true);

        assertThat(reasons(api.get("/health").json()))
                .containsExactly("no account can serve: 0 locked out, 1 paused, 0 need re-authentication");

        app.accountStore().setPaused(id, false);
        assertThat(api.get("/health").json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    @ExtendWith(RequiresPostgres.class)
    void unhealthy_when_the_database_stops() throws Exception {
        String url = TestDatabases.freshPostgresUrl();
        URI parsed = URI.create(url);
        relay = new TcpRelay(parsed.getHost(), parsed.getPort());
        String relayed = url.replace(parsed.getHost() + ":" + parsed.getPort(), "127.0.0.1:" + relay.port());
        start(new TestEnv(temp).with("DATABASE_URL", relayed));
        addAccounts("alpha");
        assertThat(api.get("/health").json().path("status").asText()).isEqualTo("ok");

        relay.stop();

        JsonNode health = api.get("/health").json();
        assertThat(health.path("status").asText()).isEqualTo("unhealthy");
        assertThat(reasons(health)).hasSize(1).first().asString().startsWith("database unavailable: ");
        assertThat(health.path("accounts").isNull()).isTrue();
        assertThat(health.toString()).doesNotContain("bcf_test:bcf_test");
    }

    private static List<String> reasons(JsonNode health) {
        return health.path("reasons").valueStream().map(JsonNode::asText).toList();
    }
}
