package io.betterccflare.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.betterccflare.requests.RequestEvents;
import io.betterccflare.server.Json;
import io.betterccflare.store.ChangeSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code /api/requests/stream} show the whole cluster (issue 12 part 4): this instance's {@code start}
 * and {@code summary} events go to the other instances as JSON on the {@link ChangeSignal} (topic
 * {@value #TOPIC}), batched by one relay thread so that no request waits for the database, and the other
 * instances' events are delivered to this instance's subscribers. {@code payload} events stay local (they
 * can exceed the NOTIFY limit); a client reads another instance's payload from the shared database. When
 * the outgoing queue is full, events are dropped and counted. Only started on PostgreSQL. Thread-safe.
 */
public final class RequestRelay implements AutoCloseable {
    static final String TOPIC = "requests";
    private static final Logger LOG = LoggerFactory.getLogger(RequestRelay.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 200;
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final ChangeSignal changes;
    private final RequestEvents events;
    private final BlockingQueue<String> outgoing = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private AutoCloseable subscription;
    private Thread sender;
    private volatile boolean closed;

    public RequestRelay(ChangeSignal changes, RequestEvents events) {
        this.changes = changes;
        this.events = events;
    }

    /** Starts relaying both ways; a no-op when the signal is in-process (one instance). */
    public RequestRelay start() {
        if (!changes.clustered()) {
            return this;
        }
        subscription = changes.subscribe(this::received);
        sender = Thread.ofPlatform().daemon().name("request-relay").start(this::send);
        events.relayTo(this::offer);
        return this;
    }

    private void offer(Map<String, Object> event) {
        Object type = event.get("type");
        if (closed || !("start".equals(type) || "summary".equals(type))) {
            return;
        }
        try {
            if (!outgoing.offer(Json.MAPPER.writeValueAsString(event))) {
                long count = dropped.incrementAndGet();
                if (count % 1_000 == 1) {
                    LOG.warn("Live request events for other instances dropped (queue full): {} so far", count);
                }
            }
        } catch (JsonProcessingException e) {
            LOG.warn("A live request event could not be encoded: {}", e.getMessage());
        }
    }

    private void send() {
        List<String> batch = new ArrayList<>(BATCH);
        while (!closed || !outgoing.isEmpty()) {
            try {
                String first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outgoing.drainTo(batch, BATCH - 1);
                changes.broadcast(TOPIC, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Live request events not sent to other instances: {}", e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    private void received(ChangeSignal.Change change) {
        if (!TOPIC.equals(change.topic()) || change.id() == null || change.origin().equals(changes.origin())) {
            return;
        }
        try {
            Map<String, Object> event = Json.MAPPER.readValue(change.id(), EVENT);
            event.put("instanceId", change.origin());
            events.publishFromCluster(event);
        } catch (JsonProcessingException e) {
            LOG.warn("A live request event from instance {} could not be read: {}", change.origin(), e.getOriginalMessage());
        }
    }

    /** How many outgoing events were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (sender != null) {
            sender.join(2_000);
        }
        if (subscription != null) {
            subscription.close();
        }
    }
}
