package io.betterccflare.requests;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The processes that record requests into this database ({@code request_log_runs}), so that the rows a dead
 * process left {@code pending} become {@code interrupted}. Each serving process registers one run (a
 * process-start id, not the cluster's instance id) and refreshes its heartbeat every {@link #HEARTBEAT_MS}.
 * A run is dead when it belongs to this host (same machine, boot and pid namespace) and its process is gone
 * (immediate: this is how the next start on SQLite, or a surviving instance on the same host, finds a
 * {@code kill -9}), or when its heartbeat is older than {@link #STALE_MS} (another host). {@link #sweep}
 * removes dead runs and marks their pending rows. Thread-safe; every method runs database work on the
 * calling thread, so call it from a platform thread.
 */
final class RecorderRuns {
    static final long HEARTBEAT_MS = 5_000;
    static final long STALE_MS = 60_000;

    private record Run(String id, String hostKey, long pid, long pidStarted, long heartbeatAt) {
    }

    private final Jdbi jdbi;
    private final RequestLogStore store;
    private final Clock clock;
    private final String id = UUID.randomUUID().toString();
    private final String hostKey = hostKey();
    private final long pid = ProcessHandle.current().pid();
    private final long pidStarted = startOf(ProcessHandle.current());

    RecorderRuns(Database database, RequestLogStore store, Clock clock) {
        this.jdbi = database.jdbi();
        this.store = store;
        this.clock = clock;
    }

    /** This process's run id, stored in {@code requests.recorder_run}. */
    String id() {
        return id;
    }

    /** Registers this process's run (again, if a peer removed it while the database was unreachable). */
    void heartbeat() {
        long now = clock.millis();
        call("Recording the request-log heartbeat", handle -> {
            int updated = handle.createUpdate("UPDATE request_log_runs SET heartbeat_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", id).execute();
            if (updated == 0) {
                handle.createUpdate("""
                                INSERT INTO request_log_runs (id, host_key, pid, pid_started, started_at, heartbeat_at)
                                VALUES (:id, :host, :pid, :pidStarted, :now, :now)""")
                        .bind("id", id).bind("host", hostKey).bind("pid", pid).bind("pidStarted", pidStarted)
                        .bind("now", now).execute();
            }
            return null;
        });
    }

    /** Removes the runs of dead processes and marks their pending rows interrupted; returns the rows marked. */
    int sweep() {
        long now = clock.millis();
        List<Run> runs = call("Reading request-log runs", handle -> handle.createQuery(
                        "SELECT id, host_key, pid, pid_started, heartbeat_at FROM request_log_runs WHERE id <> :id")
                .bind("id", id)
                .map((row, ctx) -> new Run(row.getString("id"), row.getString("host_key"), row.getLong("pid"),
                        row.getLong("pid_started"), row.getLong("heartbeat_at")))
                .list());
        for (Run run : runs) {
            if (dead(run, now)) {
                call("Removing a dead request-log run", handle -> handle.createUpdate(
                        "DELETE FROM request_log_runs WHERE id = :id").bind("id", run.id()).execute());
            }
        }
        return store.interruptOrphans(now);
    }

    /** On a clean stop, after the writer flushed: removes this run and marks what it left pending. */
    int unregister() {
        call("Removing the request-log run", handle -> handle.createUpdate(
                "DELETE FROM request_log_runs WHERE id = :id").bind("id", id).execute());
        return store.interruptOrphans(clock.millis());
    }

    private boolean dead(Run run, long now) {
        if (run.hostKey().equals(hostKey)) {
            return ProcessHandle.of(run.pid())
                    .filter(ProcessHandle::isAlive)
                    .map(process -> run.pidStarted() != 0 && startOf(process) != 0 && startOf(process) != run.pidStarted())
                    .orElse(true);
        }
        return run.heartbeatAt() < now - STALE_MS;
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Identifies "processes whose pids this process can see": machine id, boot id and pid namespace on Linux,
     * the host name elsewhere; hashed, so the stored value reveals none of them.
     */
    private static String hostKey() {
        StringBuilder key = new StringBuilder();
        for (String file : List.of("/etc/machine-id", "/proc/sys/kernel/random/boot_id")) {
            try {
                key.append(Files.readString(Path.of(file)).trim()).append('/');
            } catch (IOException | RuntimeException e) {
                // Not Linux, or not readable: the other parts (or the host name) identify the host.
            }
        }
        try {
            key.append(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
        } catch (IOException | RuntimeException e) {
            // No pid namespaces here.
        }
        if (key.isEmpty()) {
            try {
                key.append(InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                key.append("unknown-host");
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private <T> T call(String what, HandleCallback<T, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }
}
