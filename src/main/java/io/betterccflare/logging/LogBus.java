package io.betterccflare.logging;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of logging: a ring of the last {@code capacity} entries (the log history) and the
 * live subscribers (one per open {@code /api/logs/stream}). Publishing never blocks: each subscriber has
 * its own bounded queue, and a subscriber that does not keep up loses entries, never the logger's time.
 * Thread-safe (the ring is guarded by a lock; subscribers are a copy-on-write list).
 */
public final class LogBus {
    private static final int SUBSCRIBER_QUEUE = 1_000;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<LogEntry> ring;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

    public LogBus(int capacity) {
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    public void publish(LogEntry entry) {
        lock.lock();
        try {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(entry);
        } finally {
            lock.unlock();
        }
        for (Subscription subscription : subscribers) {
            subscription.offer(entry);
        }
    }

    /** The retained entries, oldest first. */
    public List<LogEntry> history() {
        lock.lock();
        try {
            return List.copyOf(ring);
        } finally {
            lock.unlock();
        }
    }

    /** Starts receiving entries published from now on; close the subscription when done. */
    public Subscription subscribe() {
        Subscription subscription = new Subscription();
        subscribers.add(subscription);
        return subscription;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** One live reader. Its methods may be called from the reader's own thread while others publish. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<LogEntry> queue = new ArrayBlockingQueue<>(SUBSCRIBER_QUEUE);
        private final AtomicLong dropped = new AtomicLong();

        private Subscription() {
        }

        void offer(LogEntry entry) {
            if (!queue.offer(entry)) {
                dropped.incrementAndGet();
            }
        }

        /** Waits up to {@code timeoutMs} for the next entry; null when none came. */
        public LogEntry next(long timeoutMs) throws InterruptedException {
            return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        }

        /** Entries lost because this reader fell more than a queue behind. */
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
