package io.betterccflare.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a filled SQLite database, emptied by a stats reset or by retention cleanup, shrinks on the
 * first {@code POST /api/maintenance/compact} (it used to stay at full size until a second call), and
 * {@code GET /api/storage} tells the sizes.
 */
class CompactionTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final long DAY = 24L * 3_600_000;
    private static final int ROWS = 1_500;
    private static final String PAYLOAD = "{\"body\":\"" + "x".repeat(10_000) + "\"}";

    @TempDir
    Path temp;

    private App app;
    private ApiClient api;
    private Path file;

    private void start() {
        TestEnv env = new TestEnv(temp).with("REQUEST_RETENTION_DAYS", "30").with("DATA_RETENTION_DAYS", "7");
        app = App.open(env.config(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        api = new ApiClient(app.serve().port());
        file = app.config().storage().sqlitePath();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** {@link #ROWS} requests with 10 KB payloads, {@code ageDays} old: about 15 MB. */
    private void fill(long ageDays) {
        app.database().jdbi().useTransaction(handle -> {
            PreparedBatch requests = handle.prepareBatch(
                    "INSERT INTO requests (id, timestamp, method, path, success) VALUES (:id, :ts, 'POST', '/v1/messages', TRUE)");
            PreparedBatch payloads = handle.prepareBatch("INSERT INTO request_payloads (id, json) VALUES (:id, :json)");
            for (int i = 0; i < ROWS; i++) {
                requests.bind("id", "r" + i).bind("ts", NOW - ageDays * DAY - i).add();
                payloads.bind("id", "r" + i).bind("json", PAYLOAD).add();
            }
            requests.execute();
            payloads.execute();
        });
        app.database().execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private long size() throws Exception {
        Path wal = Path.of(file + "-wal");
        return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    @Test
    void compaction_after_a_stats_reset_shrinks_the_file_the_first_time() throws Exception {
        start();
        fill(0);
        assertThat(Files.size(file)).isGreaterThan(10_000_000);

        assertThat(api.post("/api/stats/reset").status()).isEqualTo(200);
        assertThat(api.post("/api/maintenance/compact").status()).isEqualTo(200);

        assertThat(size()).isLessThan(1_000_000);
    }

    @Test
    void storage_reports_sizes_by_table_the_payload_share_and_the_last_integrity_check() {
        start();
        fill(0);

        var storage = api.get("/api/storage").json();
        assertThat(storage.path("dialect").asText()).isEqualTo("sqlite");
        assertThat(storage.path("autoVacuum").asText()).isEqualTo("incremental");
        assertThat(storage.path("fileBytes").asLong()).isGreaterThan(10_000_000);
        assertThat(storage.path("payloadShare").asDouble()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        var requests = storage.path("tables").valueStream().filter(t -> t.path("name").asText().equals("requests")).findFirst().orElseThrow();
        assertThat(requests.path("rows").asLong()).isEqualTo(ROWS);
        assertThat(requests.path("bytes").asLong()).isPositive();
        assertThat(storage.path("lastIntegrityCheck").isNull()).isTrue();

        CliRunner.Result doctor = new CliRunner(new TestEnv(temp), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).run("--doctor");

        assertThat(doctor.code()).isZero();
        var check = api.get("/api/storage").json().path("lastIntegrityCheck");
        assertThat(check.path("ok").asBoolean()).isTrue();
        assertThat(check.path("kind").asText()).isEqualTo("quick_check");
        assertThat(check.path("checkedAt").asText()).isEqualTo(Instant.ofEpochMilli(NOW).toString());
    }

    @Test
    void compaction_after_retention_cleanup_shrinks_the_file_the_first_time() throws Exception {
        start();
        fill(100);

        assertThat(api.post("/api/maintenance/cleanup").json().path("removedRequests").asInt()).isEqualTo(ROWS);
        assertThat(api.post("/api/maintenance/compact").status()).isEqualTo(200);

        assertThat(size()).isLessThan(1_000_000);
    }
}
