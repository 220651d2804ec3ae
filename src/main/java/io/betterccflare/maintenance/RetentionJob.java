package io.betterccflare.maintenance;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RequestRetention} once during {@link #start()} (so that a starting server never races
 * its own cleanup) and then every {@code period} (a day) on the given scheduler; with several instances
 * only the leader's runs do anything. A failed run is logged and the next one happens as planned. Start
 * once, close once; thread-safe.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final RequestRetention retention;
    private final ScheduledExecutorService scheduler;
    private final Duration period;
    private final BooleanSupplier leader;
    private volatile ScheduledFuture<?> future;

    public RetentionJob(RequestRetention retention, ScheduledExecutorService scheduler, Duration period) {
        this(retention, scheduler, period, () -> true);
    }

    /** A job that only runs while {@code leader} says this instance runs the cluster's background jobs. */
    public RetentionJob(RequestRetention retention, ScheduledExecutorService scheduler, Duration period,
                        BooleanSupplier leader) {
        this.retention = retention;
        this.scheduler = scheduler;
        this.period = period;
        this.leader = leader;
    }

    public RetentionJob start() {
        runOnce();
        future = scheduler.scheduleAtFixedRate(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The scheduled task, for callers that want to see when it runs next. */
    public ScheduledFuture<?> future() {
        return future;
    }

    void runOnce() {
        if (!leader.getAsBoolean()) {
            return;
        }
        try {
            RequestRetention.Result result = retention.run();
            if (result.removedRequests() > 0 || result.removedPayloads() > 0) {
                LOG.info("Retention cleanup removed {} requests and {} payloads (cutoff {})",
                        result.removedRequests(), result.removedPayloads(), result.cutoff());
            }
        } catch (RuntimeException e) {
            // Keep the schedule alive: an exception would cancel every later run.
            LOG.warn("Retention cleanup failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
