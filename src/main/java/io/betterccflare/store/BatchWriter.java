package io.betterccflare.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread that writes queued items to the database in batches, so that database work never
 * runs on a request's (virtual) thread: sqlite-jdbc's {@code synchronized native} calls pin the carrier.
 *
 * <p>{@link #offer} never blocks; {@link #offerAndAwait} blocks until its item has left the writer (for
 * the rare items whose effect the caller's next step must see). An item is refused (and counted in {@link Stats#lost}) only when the
 * queue already holds {@code capacity} items or the writer is closed. A batch that fails is kept and
 * retried with exponential backoff (100 ms doubling to 5 s) for as long as the writer runs, taking in what
 * was queued meanwhile: a locked or unreachable database delays rows, it does not drop them. Every fifth
 * failure the items are tried one at a time: an item the database rejects while others pass is counted as
 * lost instead of holding up the rest. The sink removes from the batch what it has written before a
 * failure, so a retry never repeats it. {@link #close} writes what is queued, retrying
 * for at most {@code closeDeadlineMs}; what is still unwritten then is counted as lost.
 *
 * <p>Thread-safe: any thread may offer; one thread writes.
 *
 * @param <T> the item type
 */
public final class BatchWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int ISOLATE_AFTER = 5;
    /** A write running longer than this makes {@link #offerAndAwait} stop waiting. */
    static final long STALLED_AFTER_MS = 250;

    /**
     * Writes one batch, in order. Throws (any {@link RuntimeException}) to have the batch retried; items
     * written before the failure must be removed from {@code batch} (it is mutable) so they are not repeated.
     */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch);
    }

    /**
     * What the writer has done since it started; a snapshot for {@code /health} and metrics.
     *
     * @param name           the writer's name ("request-log", "account-updates")
     * @param queued         items waiting now, including a batch being retried
     * @param written        items written
     * @param lost           items refused (queue full or closed) or abandoned at shutdown
     * @param failedAttempts batch writes that failed and were retried
     * @param retrying       true while the current batch is failing
     * @param lastError      the message of the latest failure (no bound values: they are never rendered), or null
     * @param lastLossAtMs   when the latest item was lost (epoch ms), 0 when none
     */
    public record Stats(String name, long queued, long written, long lost, long failedAttempts, boolean retrying,
                        String lastError, long lastLossAtMs) {

        /** How long after the latest loss {@link #problems} still reports it. */
        public static final long LOSS_REPORTED_MS = 15 * 60_000L;

        /** Why this writer makes the process degraded at {@code nowMs}: failing now, or lost items recently. */
        public List<String> problems(long nowMs) {
            List<String> problems = new ArrayList<>(2);
            if (retrying) {
                problems.add(name + ": database writes are failing and being retried (" + queued + " waiting): " + lastError);
            }
            if (lost > 0 && nowMs - lastLossAtMs < LOSS_REPORTED_MS) {
                problems.add(name + ": " + lost + " item(s) could not be stored since start, the latest at "
                        + java.time.Instant.ofEpochMilli(lastLossAtMs));
            }
            return problems;
        }
    }

    private final String name;
    private final int capacity;
    private final int maxBatch;
    private final Sink<T> sink;
    private final LongSupplier clock;
    private final long closeDeadlineMs;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    /** Queued by {@link #close} to wake the writer thread at once; never handed to the sink. */
    private final T wake = wakeMarker();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong inBatch = new AtomicLong();
    /** Orders offers with their sequence numbers and lets {@link #offerAndAwait} wait for progress. */
    private final ReentrantLock progress = new ReentrantLock();
    private final Condition advanced = progress.newCondition();
    /** Items queued since start; guarded by {@link #progress}. */
    private long enqueued;
    /** Items that left the writer (written or lost) since start; written by the writer thread under {@link #progress}. */
    private volatile long finished;
    /** {@link System#nanoTime()} (odd, so never 0) when the running write began; 0 between writes. */
    private volatile long writingSince;
    /** Items the writer thread took from the queue; writer thread only. */
    private long taken;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean retrying;
    private volatile String lastError;
    private volatile long lastLossAtMs;

    /**
     * Starts the writer thread.
     *
     * @param name            names the thread and the log lines
     * @param capacity        most items held in memory; beyond it {@link #offer} refuses and counts
     * @param maxBatch        most items handed to the sink at once
     * @param clock           epoch milliseconds, for {@link Stats#lastLossAtMs}
     * @param closeDeadlineMs how long {@link #close} keeps retrying before it counts the rest as lost
     */
    public BatchWriter(String name, int capacity, int maxBatch, Sink<T> sink, LongSupplier clock, long closeDeadlineMs) {
        this.name = name;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.sink = sink;
        this.clock = clock;
        this.closeDeadlineMs = closeDeadlineMs;
        this.thread = Thread.ofPlatform().daemon().name(name + "-writer").start(this::run);
    }

    /** Queues an item; false (and counted as lost) when the queue is full or the writer is closed. */
    public boolean offer(T item) {
        return enqueue(item) > 0;
    }

    /**
     * Queues an item and waits until it has been written (or counted as lost), at most {@code timeoutMs}:
     * for an update whose effect the caller's next step must see (a new session, a lockout). It does not
     * wait while the database is failing (the writer is retrying) or stalled (one write has taken longer
     * than {@value #STALLED_AFTER_MS} ms, e.g. a table locked by another process), and stops waiting when
     * it stalls: a slow or broken database costs one caller at most that long, never every request. An item
     * not written in time stays queued and is written as usual.
     *
     * @return true when the item left the writer in time; false when it was refused or is still queued
     */
    public boolean offerAndAwait(T item, long timeoutMs) {
        long sequence = enqueue(item);
        if (sequence == 0 || retrying || stalled()) {
            return false;
        }
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        progress.lock();
        try {
            while (finished < sequence && remaining > 0 && !retrying && !stalled()) {
                long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(STALLED_AFTER_MS / 5));
                remaining -= slice - advanced.awaitNanos(slice);
            }
            return finished >= sequence;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            progress.unlock();
        }
    }

    /** True while one write has been running for longer than {@link #STALLED_AFTER_MS}. */
    private boolean stalled() {
        long since = writingSince;
        return since != 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(STALLED_AFTER_MS);
    }

    /** Queues {@code item}; its sequence number (from 1), or 0 when it was refused and counted as lost. */
    private long enqueue(T item) {
        progress.lock();
        try {
            if (!closed && queue.size() < capacity && queue.offer(item)) {
                return ++enqueued;
            }
        } finally {
            progress.unlock();
        }
        countLost(1, closed ? "the writer is closed" : "the queue is full (" + capacity + " items)");
        return 0;
    }

    /**
     * Queues an item only while fewer than {@code limit} items wait, keeping the rest of the queue for items
     * that must not be lost; false otherwise, and not counted as lost (for items that may be skipped).
     */
    public boolean offerBelow(T item, int limit) {
        progress.lock();
        try {
            if (!closed && queue.size() < Math.min(limit, capacity) && queue.offer(item)) {
                enqueued++;
                return true;
            }
            return false;
        } finally {
            progress.unlock();
        }
    }

    /** The counters as they are now. */
    public Stats stats() {
        return new Stats(name, queue.size() + inBatch.get(), written.get(), lost.get(), failedAttempts.get(), retrying,
                lastError, lastLossAtMs);
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (true) {
            T first;
            try {
                first = closed ? queue.poll() : queue.take();
            } catch (InterruptedException e) {
                first = queue.poll();
            }
            if (first == wake) {
                continue;
            }
            if (first == null) {
                if (closed) {
                    advance(Long.MAX_VALUE);
                    return;
                }
                continue;
            }
            taken++;
            batch.add(first);
            drainInto(batch);
            writeWithRetries(batch);
            inBatch.set(0);
            batch.clear();
            advance(taken);
        }
    }

    /** Publishes that the first {@code count} queued items have left the writer, waking those who wait. */
    private void advance(long count) {
        progress.lock();
        try {
            finished = count;
            advanced.signalAll();
        } finally {
            progress.unlock();
        }
    }

    private void writeWithRetries(List<T> batch) {
        long backoff = FIRST_BACKOFF_MS;
        long deadline = Long.MAX_VALUE;
        int failures = 0;
        while (!batch.isEmpty()) {
            int before = batch.size();
            try {
                writingSince = System.nanoTime() | 1;
                sink.write(batch);
                writingSince = 0;
                written.addAndGet(before);
                batch.clear();
            } catch (RuntimeException e) {
                writingSince = 0;
                written.addAndGet(before - batch.size());
                failedAttempts.incrementAndGet();
                lastError = e.getMessage();
                if (!retrying) {
                    LOG.warn("{}: writing {} item(s) failed, retrying until it works: {}", name, batch.size(), e.getMessage());
                }
                retrying = true;
                if (++failures % ISOLATE_AFTER == 0) {
                    isolate(batch);
                }
                if (closed && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeDeadlineMs);
                }
                if (System.nanoTime() - deadline >= 0) {
                    countLost(batch.size() + queue.size(), "the database still failed at shutdown: " + e.getMessage());
                    queue.clear();
                    batch.clear();
                    break;
                }
                pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                drainInto(batch);
            }
        }
        if (retrying) {
            retrying = false;
            LOG.info("{}: writing works again", name);
        }
    }

    /**
     * Tells a database that fails from items it rejects: writes the items one at a time, in order. When some
     * succeed, those that fail are rejected by the database itself (they would fail forever and hold up the
     * rest) and are counted as lost; when none succeed, the database is what fails, and all are kept.
     */
    private void isolate(List<T> batch) {
        List<T> rejected = new ArrayList<>();
        int accepted = 0;
        String why = null;
        for (T item : List.copyOf(batch)) {
            try {
                sink.write(new ArrayList<>(List.of(item)));
                accepted++;
            } catch (RuntimeException e) {
                rejected.add(item);
                why = e.getMessage();
            }
        }
        written.addAndGet(accepted);
        batch.clear();
        if (accepted == 0) {
            batch.addAll(rejected);
        } else {
            countLost(rejected.size(), "rejected by the database: " + why);
        }
        inBatch.set(batch.size());
    }

    /** Backs off; {@link #close} cuts a long wait short, and after it the retries come every 100 ms. */
    private void pause(long ms) {
        try {
            if (closed) {
                Thread.sleep(Math.min(ms, FIRST_BACKOFF_MS));
            } else {
                closing.await(ms, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void countLost(long count, String why) {
        if (count <= 0) {
            return;
        }
        lastLossAtMs = clock.getAsLong();
        long total = lost.addAndGet(count);
        if (total == count || total / 1_000 != (total - count) / 1_000) {
            LOG.error("{}: {} item(s) could not be kept ({}); {} lost since start", name, count, why, total);
        }
    }

    /** Moves queued items into {@code batch} up to {@code maxBatch}, leaving out the wake marker. */
    private void drainInto(List<T> batch) {
        int before = batch.size();
        queue.drainTo(batch, maxBatch - batch.size());
        batch.removeIf(item -> item == wake);
        taken += batch.size() - before;
        inBatch.set(batch.size());
    }

    @SuppressWarnings("unchecked")
    private static <T> T wakeMarker() {
        return (T) new Object();
    }

    /** Stops accepting, writes what is queued (retrying up to the close deadline), and waits for the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        progress.lock();
        try {
            closed = true;
        } finally {
            progress.unlock();
        }
        closing.countDown();
        queue.offer(wake);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            countLost(queue.size(), "interrupted while closing");
        }
    }
}
