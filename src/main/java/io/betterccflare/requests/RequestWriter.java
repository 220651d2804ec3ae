package io.betterccflare.requests;

import io.betterccflare.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished requests to the database in batches on one thread. {@link #offer} never blocks: when
 * the bounded queue (or the in-memory payload budget) is full the request is dropped, counted, and a WARN
 * is logged for the first drop and every 1,000th. A failing batch is retried with exponential backoff;
 * after the last retry its rows are written one by one so that one bad row cannot sink the others.
 * {@link #close} writes everything queued before returning. Thread-safe.
 */
final class RequestWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestWriter.class);
    private static final int BATCH = 500;
    private static final int ATTEMPTS = 5;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final long PAYLOAD_BUDGET_BYTES = 128L * 1024 * 1024;

    /** A finished request and its payload (null when payloads are off). */
    record Entry(RequestRecord record, PendingPayload payload) {
    }

    private static final Entry STOP = new Entry(null, null);

    private final RequestLogStore store;
    private final BlockingQueue<Entry> queue;
    private final AtomicLong pendingPayloadBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    RequestWriter(RequestLogStore store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.thread = Thread.ofPlatform().daemon().name("request-log-writer").unstarted(this::run);
        thread.start();
    }

    /** Queues a finished request; false (and counted as dropped) when the queue is full or closed. */
    boolean offer(Entry entry) {
        PendingPayload payload = entry.payload();
        long size = payload == null ? 0 : payload.sizeInBytes();
        if (!closed && pendingPayloadBytes.addAndGet(size) <= PAYLOAD_BUDGET_BYTES && queue.remainingCapacity() > 1
                && queue.offer(entry)) {
            return true;
        }
        pendingPayloadBytes.addAndGet(-size);
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1_000 == 0) {
            LOG.warn("Request log queue is full{}: {} request(s) not recorded so far", closed ? " (shutting down)" : "", count);
        }
        return false;
    }

    /** Requests waiting in the queue now. */
    long queued() {
        return queue.size();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    long written() {
        return written.get();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                stopping = batch.remove(STOP);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            } catch (RuntimeException e) {
                LOG.error("Request log writer failed; {} request(s) lost", batch.size(), e);
                failed.addAndGet(batch.size());
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Entry> entries) throws InterruptedException {
        if (entries.isEmpty()) {
            return;
        }
        List<RequestLogStore.Row> rows = new ArrayList<>(entries.size());
        long payloadBytes = 0;
        for (Entry entry : entries) {
            String json = null;
            if (entry.payload() != null) {
                payloadBytes += entry.payload().sizeInBytes();
                json = entry.payload().toJson().toString();
            }
            rows.add(new RequestLogStore.Row(entry.record(), json));
        }
        pendingPayloadBytes.addAndGet(-payloadBytes);
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                store.write(rows);
                written.addAndGet(rows.size());
                return;
            } catch (StoreException e) {
                LOG.warn("Writing {} request(s) to the log failed (attempt {} of {}): {}", rows.size(), attempt, ATTEMPTS, e.getMessage());
                if (attempt < ATTEMPTS) {
                    TimeUnit.MILLISECONDS.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
        }
        for (RequestLogStore.Row row : rows) {
            try {
                store.write(List.of(row));
                written.incrementAndGet();
            } catch (StoreException e) {
                failed.incrementAndGet();
                LOG.error("Request {} could not be written to the log and is lost: {}", row.record().id(), e.getMessage());
            }
        }
    }

    /** Stops accepting, writes everything queued, and waits for the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join();
            List<Entry> late = new ArrayList<>();
            queue.drainTo(late);
            late.remove(STOP);
            write(late);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while flushing the request log; {} request(s) not written", queue.size());
        }
    }
}
