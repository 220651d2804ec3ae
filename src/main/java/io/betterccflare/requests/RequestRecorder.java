package io.betterccflare.requests;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.betterccflare.config.Config;
import io.betterccflare.pricing.Pricing;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.server.HealthCheck;
import io.betterccflare.server.Json;
import io.betterccflare.store.BatchWriter;
import io.betterccflare.store.Database;
import io.betterccflare.tokens.Usage;
import io.betterccflare.tokens.UsageTracker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's {@link ExchangeObserver}: follows each client request on its own thread (usage read
 * from the body as it passes, payload bodies captured up to the cap), hands its {@code pending} row to the
 * {@link RequestWriter} when it starts and its finished row when it ends, and publishes live events. Never
 * blocks, never touches the database on the request's thread and never throws into the proxy. Requests to
 * {@code /.well-known/*} that get a 404 are not recorded. Once {@link #start}ed (the server does it), the
 * process keeps a run in {@code request_log_runs} and marks the pending rows of dead processes
 * {@code interrupted} ({@link RecorderRuns}). Thread-safe; each {@link Exchange} is confined to its request's
 * thread.
 */
public final class RequestRecorder implements ExchangeObserver, HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRecorder.class);

    private final Config.RequestLog config;
    private final int maxLineBytes;
    private final Pricing pricing;
    private final RequestEvents events;
    private final RequestWriter writer;
    private final RecorderRuns runs;
    private final Clock clock;
    private final AtomicLong interrupted = new AtomicLong();
    private volatile boolean started;

    public RequestRecorder(Config config, Database database, RequestLogStore store, Pricing pricing, RequestEvents events,
                           Clock clock) {
        this.config = config.requestLog();
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE, config.pricing().streamUsageBufferKb() * 1024);
        this.pricing = pricing;
        this.events = events;
        this.clock = clock;
        this.writer = new RequestWriter(store, config.requestLog().queueCapacity(), clock);
        this.runs = new RecorderRuns(database, store, clock);
    }

    /**
     * Registers this process's run, marks the rows that dead processes left pending as {@code interrupted}
     * (the next start after a crash), and from then on (once the run is registered) writes a pending row for
     * each request as it starts.
     * Every {@link RecorderRuns#HEARTBEAT_MS} on {@code jobs}: the heartbeat, and the same marking (a surviving
     * instance interrupts a dead peer's rows). Call once, from a platform thread; a database failure here is
     * logged and retried by the job.
     */
    public void start(ScheduledExecutorService jobs) {
        try {
            heartbeatAndSweep();
        } catch (RuntimeException e) {
            LOG.warn("Request log: cannot register this process or mark interrupted requests yet: {}", e.getMessage());
        }
        started = true;
        jobs.scheduleWithFixedDelay(() -> {
            try {
                heartbeatAndSweep();
            } catch (RuntimeException e) {
                LOG.warn("Request log heartbeat failed: {}", e.getMessage());
            }
        }, RecorderRuns.HEARTBEAT_MS, RecorderRuns.HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    /** Pending rows are written only once this process's run is registered, so no peer takes them for orphans. */
    private void heartbeatAndSweep() {
        runs.heartbeat();
        writer.runId(runs.id());
        int marked = runs.sweep();
        if (marked > 0) {
            interrupted.addAndGet(marked);
            LOG.warn("Request log: {} request(s) of a stopped instance marked interrupted", marked);
        }
    }

    @Override
    public Exchange begin(ExchangeStart start) {
        try {
            return new Recording(start);
        } catch (RuntimeException e) {
            LOG.warn("Request {} will not be recorded: {}", start.requestId(), e.toString());
            return Exchange.NONE;
        }
    }

    /**
     * The request log's writer counters, for {@code /health}, the dashboard and metrics.
     *
     * @param rows            the row writer: queued, written, lost (each loss counted), retrying, last error
     * @param payloadsDropped rows kept without their payload because the payload memory budget was full
     * @param pendingSkipped  requests whose pending row was not written because the queue was half full (their
     *                        row is written when they end; a crash before that would lose it)
     * @param interrupted     pending rows of stopped processes this process marked {@code interrupted}
     */
    public record Health(BatchWriter.Stats rows, long payloadsDropped, long pendingSkipped, long interrupted) {
    }

    /** The counters as they are now; cheap, no database access. */
    public Health health() {
        return new Health(writer.stats(), writer.payloadsDropped(), writer.pendingSkipped(), interrupted.get());
    }

    @Override
    public String name() {
        return "requestLog";
    }

    @Override
    public Object details() {
        return health();
    }

    @Override
    public List<String> problems(long nowMs) {
        Health health = health();
        List<String> problems = new ArrayList<>(health.rows().problems(nowMs));
        if (health.payloadsDropped() > 0) {
            problems.add("request-log: " + health.payloadsDropped() + " payload(s) not stored (memory budget full)");
        }
        return problems;
    }

    /**
     * Writes every queued request, stops the writer, then (when started) removes this process's run and marks
     * the requests still running as {@code interrupted}.
     */
    @Override
    public void close() {
        writer.close();
        if (started) {
            try {
                interrupted.addAndGet(runs.unregister());
            } catch (RuntimeException e) {
                LOG.warn("Request log: cannot mark the requests still running as interrupted: {}", e.getMessage());
            }
        }
    }

    private final class Recording implements Exchange {
        private final ExchangeStart start;
        private final BodyCapture requestBody;
        private ResponseStart response;
        private UsageTracker usage = UsageTracker.ignoring();
        private ModelChoice choice = new ModelChoice(null, null, null);
        private BodyCapture responseBody;
        private boolean skipped;
        private boolean done;

        Recording(ExchangeStart start) {
            this.start = start;
            this.requestBody = config.storePayloads() ? BodyCapture.of(start.body(), config.payloadMaxBytes()) : null;
            if (!start.path().startsWith("/.well-known/")) {
                writer.started(new RequestLogStore.Start(start.requestId(), start.startedAtMs(), start.method(), start.path()));
            }
        }

        @Override
        public void modelChosen(ModelChoice chosen) {
            choice = chosen;
        }

        @Override
        public void responseStarted(ResponseStart started) {
            try {
                response = started;
                skipped = started.status() == 404 && start.path().startsWith("/.well-known/");
                usage = trackerFor(started);
                responseBody = config.storePayloads() ? new BodyCapture(config.payloadMaxBytes()) : null;
                if (!skipped && events.hasSubscribers()) {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("type", "start");
                    event.put("id", start.requestId());
                    event.put("timestamp", start.startedAtMs());
                    event.put("method", start.method());
                    event.put("path", start.path());
                    event.put("accountId", started.accountId());
                    event.put("statusCode", started.status());
                    event.put("agentUsed", choice.agentUsed());
                    events.publish(event);
                }
            } catch (RuntimeException e) {
                LOG.warn("Request {}: response not followed: {}", start.requestId(), e.toString());
            }
        }

        @Override
        public void chunk(byte[] buffer, int offset, int length) {
            try {
                usage.accept(buffer, offset, length, clock.millis());
                if (responseBody != null) {
                    responseBody.append(buffer, offset, length);
                }
            } catch (RuntimeException e) {
                usage = UsageTracker.ignoring();
                LOG.warn("Request {}: usage not read: {}", start.requestId(), e.toString());
            }
        }

        @Override
        public void finished(Finish finish) {
            if (done || skipped) {
                return;
            }
            done = true;
            try {
                RequestRecord record = record(finish);
                PendingPayload payload = requestBody == null ? null : payload(record);
                writer.finished(record, payload);
                if (events.hasSubscribers()) {
                    events.publish(Map.of("type", "summary", "payload", RequestJson.summary(record)));
                    if (payload != null && events.hasLocalSubscribers()) {
                        events.publish(Map.of("type", "payload", "payload",
                                RequestJson.payloadEvent(record.id(), record.agentUsed(), payload)));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Request {} not recorded: {}", start.requestId(), e.toString());
            }
        }

        private UsageTracker trackerFor(ResponseStart started) {
            return UsageTracker.forResponse(started.headers(), started.streaming(), maxLineBytes);
        }

        private RequestRecord record(Finish finish) {
            long now = finish.endedAtMs();
            Usage found = usage.finish(now);
            long responseTime = Math.max(0, now - start.startedAtMs());
            Integer status = response == null ? null : response.status();
            boolean ok = status != null && status >= 200 && status < 300;
            String error = finish.error();
            if (error == null && found.error() != null) {
                error = found.error();
            }
            if (error == null && ok && found.hasModel() && !found.complete()) {
                error = "Stream ended before message_stop";
            }
            if (error == null && response == null) {
                error = "No response was sent to the client";
            }
            boolean success = ok && error == null;
            List<Attempt> attempts = response == null ? List.of() : response.attempts();
            boolean model = found.hasModel();
            return new RequestRecord(
                    start.requestId(), start.startedAtMs(), start.method(), start.path(),
                    response == null ? null : response.accountId(),
                    status, success, error, responseTime,
                    Math.max(0, attempts.size() - 1),
                    model ? found.model() : null,
                    model ? positive(found.promptTokens()) : null,
                    model ? positive(found.outputTokens()) : null,
                    model ? positive(found.totalTokens()) : null,
                    model ? pricing.cost(found) : null,
                    model ? positive(found.inputTokens()) : null,
                    model ? positive(found.cacheReadInputTokens()) : null,
                    model ? positive(found.cacheCreationInputTokens()) : null,
                    model ? positive(found.cacheCreation5mInputTokens()) : null,
                    model ? positive(found.cacheCreation1hInputTokens()) : null,
                    model ? positive(found.outputTokens()) : null,
                    choice.agentUsed(),
                    model ? found.outputTokensPerSecond(responseTime) : null,
                    attempts.isEmpty() ? null : attemptsJson(attempts).toString(),
                    response != null && response.streaming(),
                    choice.originalModel(), choice.appliedModel(), start.apiKeyId(), start.apiKeyName());
        }

        private PendingPayload payload(RequestRecord record) {
            return new PendingPayload(
                    PendingPayload.requestHeaders(start.clientHeaders()), requestBody,
                    response == null ? null : response.status(),
                    response == null ? Map.of() : PendingPayload.responseHeaders(response.headers()),
                    responseBody, record.accountUsed(), record.timestamp(), record.success(), record.stream(),
                    record.path(), record.method(),
                    response == null ? Json.MAPPER.createArrayNode() : attemptsJson(response.attempts()));
        }
    }

    static ArrayNode attemptsJson(List<Attempt> attempts) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Attempt attempt : attempts) {
            var node = array.addObject();
            node.put("accountId", attempt.accountId());
            node.put("accountName", attempt.accountName());
            node.put("status", attempt.status());
            node.put("outcome", attempt.outcome());
        }
        return array;
    }

    private static Long positive(Long value) {
        return value == null || value <= 0 ? null : value;
    }

    private static Long positive(long value) {
        return value <= 0 ? null : value;
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
