package io.betterccflare.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code /api/requests} and {@code /api/requests/page} filter and page the whole log on the server
 * (the dashboard used to filter only the newest 200 rows), and reject bad parameters with a 400. Run on
 * SQLite and PostgreSQL by the subclasses.
 */
abstract class RequestFilterContract {
    private static final long NOW = Instant.parse("2026-01-15T12:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;

    @TempDir
    Path temp;

    private RunningApp app;
    private String workId;

    protected abstract TestEnv env(Path temp);

    @BeforeEach
    void start() {
        app = RunningApp.start(env(temp).config(), Clock.systemUTC());
        workId = app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                "sk-ant-api03-work", 1, 0, null)).id();
        // 300 rows a day apart going back from NOW: every third fails with a 429, every other one is work's,
        // every fifth is attributed to the agent "reviewer" (issue 14).
        app.app().database().jdbi().useTransaction(handle -> {
            for (int i = 0; i < 300; i++) {
                boolean failed = i % 3 == 0;
                handle.createUpdate("INSERT INTO requests (id, timestamp, method, path, account_used, status_code, success, "
                                + "agent_used) VALUES (:id, :ts, 'POST', '/v1/messages', :account, :status, :success, :agent)")
                        .bind("id", String.format("r%03d", i)).bind("ts", NOW - i * DAY)
                        .bind("account", i % 2 == 0 ? workId : null)
                        .bind("status", failed ? 429 : 200).bind("success", !failed)
                        .bind("agent", i % 5 == 0 ? "reviewer" : null).execute();
            }
        });
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private JsonNode page(String query) {
        RunningApp.Response response = app.get("/api/requests/page?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode rows) {
        return rows.valueStream().map(row -> row.path("id").asText()).toList();
    }

    @Test
    void date_range_account_and_status_filters_cover_the_whole_log() {
        assertThat(page("limit=1").path("total").asLong()).isEqualTo(300);
        JsonNode old = page("from=" + (NOW - 299 * DAY) + "&to=" + Instant.ofEpochMilli(NOW - 250 * DAY) + "&limit=100");
        assertThat(old.path("total").asLong()).isEqualTo(50);
        assertThat(ids(old.path("rows")).getFirst()).isEqualTo("r250");
        assertThat(ids(old.path("rows")).getLast()).isEqualTo("r299");
        assertThat(page("account=work&limit=1").path("total").asLong()).isEqualTo(150);
        assertThat(page("account=" + workId + "&limit=1").path("total").asLong()).isEqualTo(150);
        assertThat(page("status=error&limit=1").path("total").asLong()).isEqualTo(100);
        assertThat(page("status=429&account=work&limit=1").path("total").asLong()).isEqualTo(50);
        assertThat(page("status=success&limit=1").path("total").asLong()).isEqualTo(200);
    }

    @Test
    void the_agent_filter_joins_the_others_on_both_routes() {
        assertThat(page("agent=reviewer&limit=1").path("total").asLong()).isEqualTo(60);
        assertThat(page("agent=reviewer&account=work&status=429&limit=1").path("total").asLong()).isEqualTo(10);
        assertThat(page("agent=nobody").path("total").asLong()).isZero();
        assertThat(page("agent=%20&limit=1").path("total").asLong()).isEqualTo(300);
        assertThat(ids(app.get("/api/requests?agent=reviewer&limit=3").json())).containsExactly("r000", "r005", "r010");
    }

    @Test
    void pages_follow_each_other_newest_first() {
        JsonNode first = page("limit=100");
        JsonNode third = page("limit=100&offset=200");

        assertThat(ids(first.path("rows"))).hasSize(100).startsWith("r000", "r001");
        assertThat(ids(third.path("rows"))).hasSize(100).startsWith("r200").endsWith("r299");
        assertThat(ids(app.get("/api/requests?limit=2&offset=298&status=success").json())).isEmpty();
        assertThat(ids(app.get("/api/requests?limit=2&offset=198&status=success").json())).containsExactly("r298", "r299");
    }

    @Test
    void bad_parameters_are_400_with_the_reason() {
        assertThat(app.get("/api/requests?status=maybe").body()).isEqualTo("{\"error\":\"status must be success, error or an HTTP status code\"}");
        assertThat(app.get("/api/requests/page?from=yesterday").body()).isEqualTo("{\"error\":\"from must be epoch milliseconds or an ISO-8601 time\"}");
        assertThat(app.get("/api/requests/page?from=10&to=5").body()).isEqualTo("{\"error\":\"from must not be after to\"}");
        assertThat(app.get("/api/requests?offset=-1").status()).isEqualTo(400);
        assertThat(app.get("/api/requests?offset=-1").body()).isEqualTo("{\"error\":\"offset must be a non-negative integer\"}");
    }
}
