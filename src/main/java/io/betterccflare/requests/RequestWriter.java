package io.betterccflare.requests;

import io.betterccflare.store.BatchWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the request log on one platform {@link BatchWriter} thread: a {@code pending} row when a request
 * starts, the complete row when it ends (both in one write when the request ended before its start was
 * written). {@link #started} and {@link #finished} never block. Rows are held in memory while the database
 * fails and retried until it works; a row is lost only when {@code capacity} rows are already waiting, and is
 * then counted. Payloads have their own memory budget: past it, the row is kept and only its payload is
 * dropped (counted in {@link #payloadsDropped}). Thread-safe.
 */
final class RequestWriter implements AutoCloseable {
    private static final int BATCH = 500;
    private static final long CLOSE_DEADLINE_MS = 10_000;
    private static final long PAYLOAD_BUDGET_BYTES = 128L * 1024 * 1024;

    /** What the writer stores: a request that started, or one that ended. */
    sealed interface Op permits Started, Finished {
    }

    /** A request that started. */
    record Started(RequestLogStore.Start start) implements Op {
    }

    /** A finished request and its payload (null when payloads are off or over budget). */
    record Finished(RequestRecord record, PendingPayload payload) implements Op {
    }

    private final RequestLogStore store;
    private final BatchWriter<Op> writer;
    private final AtomicLong pendingPayloadBytes = new AtomicLong();
    private final AtomicLong payloadsDropped = new AtomicLong();
    private final AtomicLong pendingSkipped = new AtomicLong();
    private final int capacity;
    private volatile String runId;

    RequestWriter(RequestLogStore store, int capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.writer = new BatchWriter<>("request-log", capacity, BATCH, this::write, clock::millis, CLOSE_DEADLINE_MS);
    }

    /** Names the run that owns the pending rows written from now on (null: rows are written only once done). */
    void runId(String runId) {
        this.runId = runId;
    }

    /**
     * A request started: queues its pending row, when a run is set (so that someone can interrupt it) and the
     * queue is less than half full (the other half is kept for finished rows; a request whose pending row was
     * skipped still gets its row when it ends, and is counted in {@link #pendingSkipped}).
     */
    void started(RequestLogStore.Start start) {
        if (runId != null && !writer.offerBelow(new Started(start), capacity / 2)) {
            pendingSkipped.incrementAndGet();
        }
    }

    /** A request ended: queues its row, with the payload while the payload budget allows. */
    void finished(RequestRecord record, PendingPayload payload) {
        PendingPayload kept = payload;
        if (payload != null && pendingPayloadBytes.addAndGet(payload.sizeInBytes()) > PAYLOAD_BUDGET_BYTES) {
            pendingPayloadBytes.addAndGet(-payload.sizeInBytes());
            payloadsDropped.incrementAndGet();
            kept = null;
        }
        if (!writer.offer(new Finished(record, kept)) && kept != null) {
            pendingPayloadBytes.addAndGet(-kept.sizeInBytes());
        }
    }

    BatchWriter.Stats stats() {
        return writer.stats();
    }

    long payloadsDropped() {
        return payloadsDropped.get();
    }

    long pendingSkipped() {
        return pendingSkipped.get();
    }

    /**
     * Writes a batch in one transaction. Starts whose request also ended in this batch are not written as
     * pending. The payload budget is released once the batch is stored.
     */
    private void write(List<Op> batch) {
        Set<String> ended = new HashSet<>();
        List<RequestLogStore.Row> finished = new ArrayList<>();
        long payloadBytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Finished f) {
                ended.add(f.record().id());
                String json = null;
                if (f.payload() != null) {
                    payloadBytes += f.payload().sizeInBytes();
                    json = f.payload().toJson().toString();
                }
                finished.add(new RequestLogStore.Row(f.record(), json));
            }
        }
        List<RequestLogStore.Start> started = new ArrayList<>();
        for (Op op : batch) {
            if (op instanceof Started s && !ended.contains(s.start().id())) {
                started.add(s.start());
            }
        }
        store.write(runId, started, finished);
        pendingPayloadBytes.addAndGet(-payloadBytes);
    }

    /** Stops accepting, writes everything queued (retrying for up to 10 s), and waits for the writer thread. */
    @Override
    public void close() {
        writer.close();
    }
}
