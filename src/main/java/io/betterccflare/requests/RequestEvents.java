package io.betterccflare.requests;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live request-event bus behind {@code /api/requests/stream}: {@code start}, {@code summary} and
 * {@code payload} events. Publishing never blocks: each subscriber has a bounded queue, and a subscriber
 * that falls behind loses events. With several instances, a relay ({@link #relayTo}) carries this
 * instance's events to the others and theirs arrive through {@link #publishFromCluster}.
 * {@link #close} ends every subscription. Thread-safe.
 */
public final class RequestEvents implements AutoCloseable {
    private static final int SUBSCRIBER_QUEUE = 1_000;
    private static final Map<String, Object> END = Map.of();

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile Consumer<Map<String, Object>> relay;

    /** A new subscription; close it when the listener goes away. */
    public Subscription subscribe() {
        Subscription subscription = new Subscription();
        subscriptions.add(subscription);
        if (closed) {
            subscription.queue.offer(END);
        }
        return subscription;
    }

    void publish(Map<String, Object> event) {
        deliver(event);
        Consumer<Map<String, Object>> cluster = relay;
        if (cluster != null) {
            cluster.accept(event);
        }
    }

    /**
     * Also hands every event of this instance to {@code cluster} (which must not block), so that other
     * instances' streams show it; events are then built even without local subscribers. Set once at start.
     */
    public void relayTo(Consumer<Map<String, Object>> cluster) {
        this.relay = cluster;
    }

    /** Delivers an event another instance published, to this instance's subscribers only. */
    public void publishFromCluster(Map<String, Object> event) {
        deliver(event);
    }

    private void deliver(Map<String, Object> event) {
        for (Subscription subscription : subscriptions) {
            subscription.queue.offer(event);
        }
    }

    /** Whether anyone listens, here or through the cluster relay (events are only built when someone does). */
    boolean hasSubscribers() {
        return relay != null || !subscriptions.isEmpty();
    }

    /** Whether anyone listens on this instance (payload events, which stay local, are only built then). */
    boolean hasLocalSubscribers() {
        return !subscriptions.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        for (Subscription subscription : subscriptions) {
            subscription.queue.clear();
            subscription.queue.offer(END);
        }
    }

    /** One listener's queue of events. Used by one reader thread. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(SUBSCRIBER_QUEUE);

        /**
         * The next event, null when none came within {@code timeout}. Throws {@link Closed} once the bus is
         * closed. Blocks the calling (virtual) thread.
         */
        public Map<String, Object> next(Duration timeout) throws InterruptedException {
            Map<String, Object> event = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == END) {
                queue.offer(END);
                throw new Closed();
            }
            return event;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    /** The bus was closed: the server is stopping. */
    public static final class Closed extends RuntimeException {
        Closed() {
            super("request events closed", null, false, false);
        }
    }
}
