package io.betterccflare.maintenance;

import static io.betterccflare.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.betterccflare.app.App;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.store.Database;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention (at start, daily and on demand), compaction and {@code --analyze}, through the real server
 * and CLI, run on SQLite and PostgreSQL by the subclasses. Payloads are kept 7 days, requests 30.
 */
abstract class HousekeepingContract {
    private static final long NOW = 1_760_000_000_000L;
    private static final long DAY = 24L * 3_600_000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @TempDir
    Path tempDir;

    private TestEnv env;
    private App app;
    private ApiClient api;

    /** The environment of the database under test. */
    protected abstract TestEnv env(Path tempDir);

    @BeforeEach
    void start() {
        env = env(tempDir).with("DATA_RETENTION_DAYS", "7").with("REQUEST_RETENTION_DAYS", "30");
        app = App.open(env.config(), CLOCK);
        request("sentinel", NOW - 400 * DAY, true);
        request("young", NOW - 3_600_000, true);
        api = new ApiClient(app.serve().port());
        // The cleanup at start runs on the housekeeping thread; the sentinel going away shows it committed.
        await().atMost(Duration.ofSeconds(20)).until(() -> !requests().contains("sentinel"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private void request(String id, long timestamp, boolean withPayload) {
        app.database().jdbi().useHandle(handle -> {
            handle.createUpdate("INSERT INTO requests (id, timestamp, method, path, success) VALUES (:id, :ts, 'POST', '/v1/messages', TRUE)")
                    .bind("id", id).bind("ts", timestamp).execute();
            if (withPayload) {
                handle.createUpdate("INSERT INTO request_payloads (id, json) VALUES (:id, '{}')").bind("id", id).execute();
            }
        });
    }

    private void orphanPayload(String id) {
        app.database().jdbi().useHandle(handle -> {
            if (app.database().dialect() == Database.Dialect.SQLITE) {
                handle.execute("PRAGMA foreign_keys = OFF");
                handle.createUpdate("INSERT INTO request_payloads (id, json) VALUES (:id, '{}')").bind("id", id).execute();
                handle.execute("PRAGMA foreign_keys = ON");
            } else {
                // A database written by an older release may hold payloads without requests; imitate one.
                handle.execute("ALTER TABLE request_payloads DROP CONSTRAINT request_payloads_id_fkey");
                handle.createUpdate("INSERT INTO request_payloads (id, json) VALUES (:id, '{}')").bind("id", id).execute();
            }
        });
    }

    private List<String> requests() {
        return app.database().jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM requests ORDER BY id").mapTo(String.class).list());
    }

    private List<String> payloads() {
        return app.database().jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM request_payloads ORDER BY id").mapTo(String.class).list());
    }

    @Test
    void the_cleanup_at_start_removed_only_what_had_expired() {
        assertThat(requests()).containsExactly("young");
        assertThat(payloads()).containsExactly("young");
    }

    @Test
    void manual_cleanup_removes_old_requests_old_payloads_and_orphans_and_nothing_else() {
        request("day-old", NOW - DAY, true);
        request("ten-days", NOW - 10 * DAY, true);
        request("forty-days", NOW - 40 * DAY, true);
        request("forty-days-bare", NOW - 40 * DAY, false);
        request("edge-kept", NOW - 30 * DAY + 1, false);
        orphanPayload("orphan");

        ApiClient.Reply reply = api.post("/api/maintenance/cleanup");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(json("""
                {"removedRequests":2,"removedPayloads":3,"cutoffIso":"%s"}""".formatted(Instant.ofEpochMilli(NOW - 7 * DAY))));
        assertThat(requests()).containsExactly("day-old", "edge-kept", "ten-days", "young");
        assertThat(payloads()).containsExactly("day-old", "young");
    }

    @Test
    void retention_changed_through_the_api_applies_to_the_next_cleanup() {
        request("two-days", NOW - 2 * DAY, true);
        request("ten-days", NOW - 10 * DAY, false);

        assertThat(api.post("/api/config/retention", "{\"payloadDays\":1,\"requestDays\":5}").status()).isEqualTo(204);
        ApiClient.Reply reply = api.post("/api/maintenance/cleanup");

        assertThat(reply.json()).isEqualTo(json("""
                {"removedRequests":1,"removedPayloads":1,"cutoffIso":"%s"}""".formatted(Instant.ofEpochMilli(NOW - DAY))));
        assertThat(requests()).containsExactly("two-days", "young");
        assertThat(payloads()).containsExactly("young");
    }

    @Test
    void the_retention_job_runs_at_once_and_then_once_a_day() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        request("ancient", NOW - 100 * DAY, true);
        try (RetentionJob job = new RetentionJob(new RequestRetention(app.database(), app.settings(), CLOCK), scheduler, Duration.ofDays(1))) {
            job.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> !requests().contains("ancient"));
            assertThat(job.future().getDelay(TimeUnit.HOURS)).isBetween(23L, 24L);
            assertThat(requests()).containsExactly("young");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void compact_answers_ok_and_keeps_the_data() {
        request("kept", NOW - DAY, true);

        ApiClient.Reply reply = api.post("/api/maintenance/compact");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(json("{\"ok\":true}"));
        assertThat(requests()).containsExactly("kept", "young");
        assertThat(payloads()).containsExactly("kept", "young");
    }

    @Test
    void analyze_reports_indexes_counts_and_probe_queries() {
        request("model-row", NOW - 3_600_000, false);
        app.database().jdbi().useHandle(handle -> handle.execute("UPDATE requests SET model = 'claude-sonnet-4-5' WHERE id = 'model-row'"));

        CliRunner.Result result = new CliRunner(env, CLOCK).run("--analyze");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out())
                .startsWith("=== Database Performance Analysis ===\n")
                .contains("Indexes:\n", "  requests:\n", "    - idx_requests_timestamp\n")
                .contains("Row counts:\n  accounts: 0\n  requests: 2\n  request_payloads: 1\n")
                .contains("  Requests in the last 24 hours: ")
                .contains("    [{\"count\":2}]\n")
                .contains("  Top 5 models in the last 24 hours: ")
                .contains("    [{\"model\":\"claude-sonnet-4-5\",\"count\":1}]\n")
                .contains("ANALYZE: planner statistics updated in ")
                .endsWith("✓ Analysis complete\n");
    }
}
