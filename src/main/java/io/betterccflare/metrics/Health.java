package io.betterccflare.metrics;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code /health} reports: {@code ok}, {@code degraded} or {@code unhealthy}, with reasons.
 * Unhealthy when the database does not answer {@code SELECT 1} within {@link #DATABASE_TIMEOUT}, or when
 * accounts exist and none can serve now (all paused, locked out or needing re-authentication). Degraded
 * when the request log lost rows (queue full or database errors) within the last {@link #LOSS_WINDOW}.
 * Thread-safe: the loss tracking is two atomics; checks may run concurrently.
 */
public final class Health {
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration LOSS_WINDOW = Duration.ofMinutes(5);

    /** One check's answer; {@code accounts} is null when the database could not be read. */
    public record Report(String status, List<String> reasons, Integer accounts) {
        public Report {
            Objects.requireNonNull(status, "status == null");
            reasons = List.copyOf(reasons);
        }
    }

    private final Database database;
    private final AccountStore accounts;
    private final RequestLogCounts requestLog;
    private final Metrics metrics;
    private final Clock clock;
    private final AtomicLong lastLost = new AtomicLong();
    private final AtomicLong lastLossAtMs = new AtomicLong(Long.MIN_VALUE);

    public Health(Database database, AccountStore accounts, RequestLogCounts requestLog, Metrics metrics, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.requestLog = requestLog;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the checks now; blocks at most about {@link #DATABASE_TIMEOUT} on the database. */
    public Report check() {
        long now = clock.millis();
        List<String> unhealthy = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        String databaseProblem = probeDatabase();
        Integer accountCount = null;
        if (databaseProblem != null) {
            unhealthy.add("database unavailable: " + databaseProblem);
        } else {
            List<Account> all = accounts.all();
            accountCount = all.size();
            String serving = servingProblem(all, now);
            if (serving != null) {
                unhealthy.add(serving);
            }
        }
        long lost = requestLog.lost();
        long before = lastLost.getAndSet(lost);
        if (lost > before) {
            lastLossAtMs.set(now);
        }
        if (lastLossAtMs.get() != Long.MIN_VALUE && now - lastLossAtMs.get() < LOSS_WINDOW.toMillis()) {
            degraded.add("request log dropping rows: " + lost + " request(s) not recorded since start");
        }
        List<String> reasons = new ArrayList<>(unhealthy);
        reasons.addAll(degraded);
        String status = !unhealthy.isEmpty() ? "unhealthy" : !degraded.isEmpty() ? "degraded" : "ok";
        return new Report(status, reasons, accountCount);
    }

    /** Null when the database answered; otherwise why not, without credentials. */
    private String probeDatabase() {
        long started = System.nanoTime();
        FutureTask<Void> probe = new FutureTask<>(() -> {
            database.execute("SELECT 1");
            return null;
        });
        Thread.ofVirtual().name("health-db-probe").start(probe);
        try {
            probe.get(DATABASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            metrics.recordDatabaseProbe(System.nanoTime() - started);
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + DATABASE_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            return "the database refused a query";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            probe.cancel(true);
        }
    }

    /** Null when some account can serve now (or none is configured: requests pass through). */
    private static String servingProblem(List<Account> all, long now) {
        if (all.isEmpty()) {
            return null;
        }
        int paused = 0;
        int lockedOut = 0;
        int reauth = 0;
        for (Account account : all) {
            if (account.availableAt(now)) {
                return null;
            }
            if (account.paused()) {
                paused++;
            } else if (account.requiresReauth()) {
                reauth++;
            } else {
                lockedOut++;
            }
        }
        return "no account can serve: " + lockedOut + " locked out, " + paused + " paused, "
                + reauth + " need re-authentication";
    }
}
