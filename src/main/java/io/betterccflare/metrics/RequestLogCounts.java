package io.betterccflare.metrics;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Live counts of the request-log writer, read at scrape and health-check time: rows waiting in its queue,
 * rows dropped because the queue was full, and rows lost to database errors after every retry. Each
 * supplier must be cheap and thread-safe. {@link #NONE} when request logging is off.
 */
public record RequestLogCounts(LongSupplier queued, LongSupplier dropped, LongSupplier failed) {
    /** Nothing queued, nothing lost. */
    public static final RequestLogCounts NONE = new RequestLogCounts(() -> 0, () -> 0, () -> 0);

    public RequestLogCounts {
        Objects.requireNonNull(queued, "queued == null");
        Objects.requireNonNull(dropped, "dropped == null");
        Objects.requireNonNull(failed, "failed == null");
    }

    /** Rows that will never be written: dropped plus failed. */
    public long lost() {
        return dropped.getAsLong() + failed.getAsLong();
    }
}
