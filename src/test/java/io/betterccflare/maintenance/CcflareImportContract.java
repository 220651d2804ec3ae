package io.betterccflare.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.app.App;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --import-ccflare} through the real CLI with both fixture databases (the reference 1.1.10 schema
 * and one made by better-ccflare 3.5.4, see {@code src/test/resources/ccflare/README.md}), twice, then a
 * request served through the proxy by an imported account. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class CcflareImportContract {
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path temp;

    private FakeAnthropic fake;
    private TestEnv env;
    private Path reference;
    private Path current;

    protected abstract TestEnv env(Path tempDir);

    @BeforeEach
    void fixtures() throws Exception {
        fake = FakeAnthropic.start();
        env = env(temp).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl());
        reference = temp.resolve("reference.db");
        String script;
        try (InputStream in = getClass().getResourceAsStream("/ccflare/reference-1.1.10.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + reference);
             Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*\\n")) {
                String withoutComments = sql.lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
                if (!withoutComments.isBlank()) {
                    statement.execute(withoutComments);
                }
            }
        }
        current = temp.resolve("current.db");
        try (InputStream in = getClass().getResourceAsStream("/ccflare/better-ccflare-3.5.4.db")) {
            Files.copy(in, current);
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner.Result importing(Path source) {
        return new CliRunner(env, Clock.systemUTC()).run("--import-ccflare", source.toString(), "--with-history");
    }

    @Test
    void both_schemas_import_once_and_an_imported_account_serves() {
        CliRunner.Result first = importing(reference);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Accounts: 5 imported, 0 skipped", "Requests: 3 imported, 0 already present");
        CliRunner.Result again = importing(reference);
        assertThat(again.out()).contains("Accounts: 0 imported, 5 skipped", "account 'max-main' skipped: already imported",
                "Requests: 0 imported, 3 already present");

        CliRunner.Result newer = importing(current);
        assertThat(newer.code()).as(newer.err()).isZero();
        assertThat(newer.out()).contains("Accounts: 4 imported, 0 skipped", "Requests: 2 imported, 0 already present");
        assertThat(importing(current).out()).contains("Accounts: 0 imported, 4 skipped", "Requests: 0 imported, 2 already present");
        for (CliRunner.Result result : new CliRunner.Result[] {first, again, newer}) {
            assertThat(result.out()).doesNotContain("sk-ant-", "zai-ref-key", "zai-fixture-key", "sk-compat-fixture");
        }

        try (App app = App.open(env.config(), Clock.systemUTC())) {
            Map<String, Account> byName = app.accountStore().all().stream()
                    .collect(Collectors.toMap(Account::name, Function.identity()));
            assertThat(byName).hasSize(9);
            Account max = byName.get("max-main");
            assertThat(max.mode()).isEqualTo(AccountMode.MAX);
            assertThat(max.tier()).isEqualTo(20);
            assertThat(max.totalRequests()).isEqualTo(40);
            assertThat(max.credentials().refreshToken()).isEqualTo("sk-ant-ort01-ref-refresh");
            assertThat(byName.get("console-key").mode()).isEqualTo(AccountMode.CONSOLE);
            assertThat(byName.get("console-key").autoRefreshEnabled()).isTrue();
            assertThat(byName.get("zai-key").mode()).isEqualTo(AccountMode.ZAI);
            assertThat(byName.get("zai-key").credentials().apiKey()).isEqualTo("zai-ref-key-0123456789");
            assertThat(byName.get("paused-custom").paused()).isTrue();
            assertThat(byName.get("paused-custom").customEndpoint()).isEqualTo("https://llm.example.test");
            assertThat(byName.get("limited").rateLimit().limitedUntil()).isEqualTo(1_893_456_000_000L);
            assertThat(byName.get("limited").autoFallbackEnabled()).isTrue();
            assertThat(byName.get("zed").mode()).isEqualTo(AccountMode.ZAI);
            assertThat(byName.get("zed").paused()).isTrue();
            assertThat(byName.get("zed").priority()).isEqualTo(5);
            assertThat(byName.get("compat").mode()).isEqualTo(AccountMode.ANTHROPIC_COMPATIBLE);
            assertThat(byName.get("compat").rateLimit().limitedUntil()).isEqualTo(1_893_456_000_000L);
            assertThat(byName.get("cons").mode()).isEqualTo(AccountMode.CONSOLE);
            assertThat(byName.get("cons").credentials().apiKey()).isEqualTo("sk-ant-api03-console-fixture-0123456789");
            assertThat(byName.get("max-oauth").mode()).isEqualTo(AccountMode.MAX);
            assertThat(byName.get("max-oauth").autoRefreshEnabled()).isTrue();
            assertThat(app.requestLog().count()).isEqualTo(5);

            ApiClient api = new ApiClient(app.serve().port());
            long sent = System.currentTimeMillis();
            assertThat(api.post("/v1/messages", MESSAGE).status()).isEqualTo(200);
            // max-main has priority 0 and a live token: the imported OAuth account serves. (console-key's
            // auto-refresh probe may reach the fake too, so the request is found by its credentials.)
            assertThat(fake.received()).anySatisfy(upstream -> {
                assertThat(upstream.path()).isEqualTo("/v1/messages");
                assertThat(upstream.header("authorization")).isEqualTo("Bearer sk-ant-oat01-ref-access");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> app.requestLog().recent(10).stream()
                    .anyMatch(row -> max.id().equals(row.record().accountUsed()) && row.record().timestamp() >= sent));
        }
    }
}
