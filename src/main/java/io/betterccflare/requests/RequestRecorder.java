package io.betterccflare.requests;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.betterccflare.config.Config;
import io.betterccflare.pricing.Pricing;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.server.Json;
import io.betterccflare.tokens.Usage;
import io.betterccflare.tokens.UsageTracker;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's {@link ExchangeObserver}: follows each client request on its own thread (usage read
 * from the body as it passes, payload bodies captured up to the cap), then hands one finished row to the
 * {@link RequestWriter} and publishes live events. Never blocks and never throws into the proxy. Requests
 * to {@code /.well-known/*} that get a 404 are not recorded. Thread-safe; each {@link Exchange} is confined
 * to its request's thread.
 */
public final class RequestRecorder implements ExchangeObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRecorder.class);

    private final Config.RequestLog config;
    private final int maxLineBytes;
    private final Pricing pricing;
    private final RequestEvents events;
    private final RequestWriter writer;
    private final Clock clock;

    public RequestRecorder(Config config, RequestLogStore store, Pricing pricing, RequestEvents events, Clock clock) {
        this.config = config.requestLog();
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE, config.pricing().streamUsageBufferKb() * 1024);
        this.pricing = pricing;
        this.events = events;
        this.clock = clock;
        this.writer = new RequestWriter(store, config.requestLog().queueCapacity());
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

    /** Requests dropped because the queue was full. */
    public long dropped() {
        return writer.dropped();
    }

    /** Requests lost to database errors after every retry. */
    public long failed() {
        return writer.failed();
    }

    /** Rows written so far. */
    public long written() {
        return writer.written();
    }

    /** Writes every queued request, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }

    private final class Recording implements Exchange {
        private final ExchangeStart start;
        private final BodyCapture requestBody;
        private ResponseStart response;
        private UsageTracker usage = UsageTracker.ignoring();
        private BodyCapture responseBody;
        private boolean skipped;
        private boolean done;

        Recording(ExchangeStart start) {
            this.start = start;
            this.requestBody = config.storePayloads() ? BodyCapture.of(start.body(), config.payloadMaxBytes()) : null;
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
                    event.put("agentUsed", null);
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
                writer.offer(new RequestWriter.Entry(record, payload));
                if (events.hasSubscribers()) {
                    events.publish(Map.of("type", "summary", "payload", RequestJson.summary(record)));
                    if (payload != null) {
                        events.publish(Map.of("type", "payload", "payload", RequestJson.payloadEvent(record.id(), payload)));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Request {} not recorded: {}", start.requestId(), e.toString());
            }
        }

        private UsageTracker trackerFor(ResponseStart started) {
            String type = header(started.headers(), "content-type");
            String encoding = header(started.headers(), "content-encoding");
            if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
                return UsageTracker.ignoring();
            }
            if (started.streaming() || (type != null && type.contains("text/event-stream"))) {
                return UsageTracker.forEventStream(maxLineBytes);
            }
            return type != null && type.contains("json") ? UsageTracker.forJson() : UsageTracker.ignoring();
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
                    null,
                    model ? found.outputTokensPerSecond(responseTime) : null,
                    attempts.isEmpty() ? null : attemptsJson(attempts).toString(),
                    response != null && response.streaming(),
                    start.apiKeyId(), start.apiKeyName());
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

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name) && entry.getValue() != null && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
