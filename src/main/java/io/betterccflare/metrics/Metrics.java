package io.betterccflare.metrics;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.pricing.Pricing;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.usage.UsageWindows;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process's metrics registry and what {@code /metrics} shows. Built once by {@code App}; the proxy
 * reports to {@link #observer()}, the health check to {@link #recordDatabaseProbe}. Per-account window
 * gauges (5-hour and weekly utilisation, seconds until reset) are read from the account store at scrape
 * time. Names follow the Prometheus conventions: base units in the name ({@code _seconds}, {@code _ratio},
 * {@code _usd}), {@code _total} on counters. Thread-safe; {@link #scrape} is serialised so that two
 * scrapes do not rebuild the account gauges together.
 */
public final class Metrics implements AutoCloseable {
    static final String PREFIX = "better_ccflare.";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AccountStore accounts;
    private final Clock clock;
    private final ExchangeMetrics exchanges;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer databaseProbe;
    private final MultiGauge utilization;
    private final MultiGauge resetSeconds;
    private final ReentrantLock scrapeLock = new ReentrantLock();

    /**
     * @param requestLog the request-log writer's counts ({@link RequestLogCounts#NONE} when logging is off)
     * @param pricing    prices for the cost counter
     */
    public Metrics(AccountStore accounts, RequestLogCounts requestLog, Pricing pricing, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.exchanges = new ExchangeMetrics(registry, pricing);
        Gauge.builder(PREFIX + "request_log.queue.depth", requestLog.queued(), s -> s.getAsLong())
                .description("Finished requests waiting to be written to the request log").register(registry);
        FunctionCounter.builder(PREFIX + "request_log.dropped", requestLog.dropped(), s -> s.getAsLong())
                .description("Requests not recorded because the request-log queue was full").register(registry);
        FunctionCounter.builder(PREFIX + "request_log.failed", requestLog.failed(), s -> s.getAsLong())
                .description("Requests not recorded because the database refused them after every retry").register(registry);
        this.databaseProbe = Timer.builder(PREFIX + "database.probe")
                .description("Duration of the health check's database round trip")
                .serviceLevelObjectives(ExchangeMetrics.BUCKETS).register(registry);
        this.utilization = MultiGauge.builder(PREFIX + "account.utilization.ratio")
                .description("Share of an account's usage window consumed (1 = the limit), by window (5h, 7d)")
                .register(registry);
        this.resetSeconds = MultiGauge.builder(PREFIX + "account.window.reset.seconds")
                .description("Seconds until an account's usage window resets, by window (5h, 7d)")
                .register(registry);
    }

    /** What the proxy reports each client request to; never blocks, never throws. */
    public ExchangeObserver observer() {
        return exchanges;
    }

    /** The underlying registry, for libraries that instrument themselves (the connection pool). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one health-check database round trip. */
    public void recordDatabaseProbe(long nanos) {
        databaseProbe.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter, account gauges read now. */
    public String scrape() {
        scrapeLock.lock();
        try {
            refreshAccountGauges();
            return registry.scrape();
        } finally {
            scrapeLock.unlock();
        }
    }

    private void refreshAccountGauges() {
        long now = clock.millis();
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        List<MultiGauge.Row<?>> resets = new ArrayList<>();
        for (Account account : accounts.all()) {
            UsageWindows polled = UsageWindows.parse(account.usageData());
            var limits = account.rateLimit();
            addWindow(ratios, resets, account.name(), "5h", now, limits.fiveHourUtilization(), limits.fiveHourReset(),
                    polled.fiveHour());
            addWindow(ratios, resets, account.name(), "7d", now, limits.sevenDayUtilization(), limits.sevenDayReset(),
                    polled.sevenDay());
        }
        utilization.register(ratios, true);
        resetSeconds.register(resets, true);
    }

    /**
     * The rate-limit headers' values win (they come with every response); the usage poller's window
     * (percent) fills in what the headers never said.
     */
    private static void addWindow(List<MultiGauge.Row<?>> ratios, List<MultiGauge.Row<?>> resets, String account,
                                  String window, long now, Double headerRatio, Long headerReset, UsageWindows.Window polled) {
        Tags tags = Tags.of("account", account, "window", window);
        Double ratio = headerRatio != null ? headerRatio
                : polled != null && polled.utilization() != null ? polled.utilization() / 100.0 : null;
        Long reset = headerReset != null ? headerReset
                : polled != null && polled.resetsAt() != null ? polled.resetsAt().toEpochMilli() : null;
        if (ratio != null) {
            ratios.add(MultiGauge.Row.of(tags, ratio));
        }
        if (reset != null) {
            resets.add(MultiGauge.Row.of(tags, Math.max(0, reset - now) / 1000.0));
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
