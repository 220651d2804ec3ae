package io.betterccflare.metrics;

import io.betterccflare.pricing.Pricing;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.tokens.Usage;
import io.betterccflare.tokens.UsageTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns the proxy's exchange events into meters: requests by account, model, status and outcome; request
 * duration and time to first byte (histograms, by account); open streams; failovers and lockouts by
 * reason; tokens by type and cost, by account and model. Usage is read from the response as it passes,
 * with the same tracker as the request log, so the meters do not depend on request logging being on.
 * Thread-safe: per-request state lives in the {@link Exchange} confined to the request's thread.
 */
final class ExchangeMetrics implements ExchangeObserver {
    /** Histogram buckets shared by every latency meter: 5 ms to 5 minutes. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
    /** Attempt outcomes that bench an account (the proxy's lockouts). */
    private static final Set<String> LOCKOUTS = Set.of("rate_limited", "overloaded", "auth");
    /** Attempt outcomes that are not failures. */
    private static final Set<String> SERVED = Set.of("served", "passthrough");
    private static final int MAX_SSE_LINE = 64 * 1024;

    private final MeterRegistry registry;
    private final Pricing pricing;
    private final AtomicInteger openStreams = new AtomicInteger();

    ExchangeMetrics(MeterRegistry registry, Pricing pricing) {
        this.registry = registry;
        this.pricing = pricing;
        registry.gauge(Metrics.PREFIX + "open.streams", openStreams);
    }

    @Override
    public Exchange begin(ExchangeStart start) {
        return new Measured(System.nanoTime());
    }

    private Timer timer(String name, String description, String account) {
        return Timer.builder(Metrics.PREFIX + name).description(description).tags("account", account)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(Metrics.PREFIX + name).description(description).tags(tags).register(registry);
    }

    /** One request's meters. Confined to the request's thread. */
    private final class Measured implements Exchange {
        private final long startedNanos;
        private ResponseStart response;
        private String account = "none";
        private UsageTracker usage = UsageTracker.ignoring();
        private boolean firstByteSeen;
        private boolean streamOpen;
        private boolean done;

        Measured(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        @Override
        public void responseStarted(ResponseStart started) {
            try {
                response = started;
                account = accountLabel(started);
                usage = UsageTracker.forResponse(started.headers(), started.streaming(), MAX_SSE_LINE);
                if (started.streaming()) {
                    streamOpen = true;
                    openStreams.incrementAndGet();
                }
                countAttempts(started.attempts());
            } catch (RuntimeException e) {
                usage = UsageTracker.ignoring();
            }
        }

        @Override
        public void chunk(byte[] buffer, int offset, int length) {
            try {
                if (!firstByteSeen && length > 0) {
                    firstByteSeen = true;
                    timer("time_to_first_byte", "From the client's request to the first body byte sent back", account)
                            .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
                }
                usage.accept(buffer, offset, length, System.currentTimeMillis());
            } catch (RuntimeException e) {
                usage = UsageTracker.ignoring();
            }
        }

        @Override
        public void finished(Finish finish) {
            if (done) {
                return;
            }
            done = true;
            if (streamOpen) {
                openStreams.decrementAndGet();
            }
            try {
                long elapsed = System.nanoTime() - startedNanos;
                Usage found = usage.finish(System.currentTimeMillis());
                String model = found.hasModel() ? found.model() : "unknown";
                String status = response == null ? "none" : Integer.toString(response.status());
                counter("requests", "Client requests handled by the proxy", Tags.of("account", account, "model", model,
                        "status", status, "outcome", outcome(finish))).increment();
                timer("request.duration", "From the client's request to the end of the response", account)
                        .record(elapsed, TimeUnit.NANOSECONDS);
                if (found.hasModel()) {
                    countUsage(found, model);
                }
            } catch (RuntimeException e) {
                // Metrics must never break a request; the next request is measured afresh.
            }
        }

        private void countUsage(Usage found, String model) {
            Map<String, Long> tokens = Map.of("input", found.inputTokens(), "output", found.outputTokens(),
                    "cache_read", found.cacheReadInputTokens(), "cache_creation", found.cacheCreationInputTokens());
            tokens.forEach((type, count) -> {
                if (count > 0) {
                    counter("tokens", "Tokens reported by the upstream, by type",
                            Tags.of("account", account, "model", model, "type", type)).increment(count);
                }
            });
            Double cost = pricing.cost(found);
            if (cost != null && cost > 0) {
                counter("cost.usd", "Estimated cost in US dollars", Tags.of("account", account, "model", model))
                        .increment(cost);
            }
        }

        private String outcome(Finish finish) {
            if (finish.clientDisconnected()) {
                return "client_disconnected";
            }
            if (response == null || finish.error() != null) {
                return "error";
            }
            if (response.accountId() == null && !"passthrough".equals(account) && response.status() >= 400) {
                return "refused";
            }
            return response.status() < 400 ? "success" : "upstream_error";
        }
    }

    private void countAttempts(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            String reason = attempt.outcome() == null ? "unknown" : attempt.outcome();
            if (SERVED.contains(reason)) {
                continue;
            }
            counter("failovers", "Upstream attempts that failed and moved the request on, by reason",
                    Tags.of("reason", reason)).increment();
            if (LOCKOUTS.contains(reason)) {
                counter("lockouts", "Accounts benched by an upstream answer, by reason", Tags.of("reason", reason))
                        .increment();
            }
        }
    }

    private static String accountLabel(ResponseStart started) {
        if (started.accountName() != null) {
            return started.accountName();
        }
        for (Attempt attempt : started.attempts()) {
            if ("passthrough".equals(attempt.outcome())) {
                return "passthrough";
            }
        }
        return "none";
    }
}
