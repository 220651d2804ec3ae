package io.betterccflare.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * An upstream response as soon as its head is in: the status, the headers (lower-case names, looked up
 * case-insensitively) and the body still to read, de-framed but otherwise byte-exact. The body must keep
 * moving: when no byte arrives for {@code idleMs} the call is aborted and the pending read fails
 * ({@link #idleTimedOut()} then says why). Closing the body before its end aborts the exchange (the
 * connection is not reused). Read by the one thread that made the call; {@link #abort} may come from any.
 */
final class UpstreamResponse implements AutoCloseable {
    private final int status;
    private final Map<String, List<String>> headers;
    private final Request request;
    private final IdleWatch watch;
    private final InputStream body;

    UpstreamResponse(Response response, InputStream rawBody, Request request, Scheduler scheduler, long idleMs) {
        this.status = response.getStatus();
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), key -> new ArrayList<>(1)).add(field.getValue());
        }
        this.request = request;
        this.watch = new IdleWatch(scheduler, idleMs);
        this.body = new WatchedStream(rawBody);
    }

    int status() {
        return status;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The body as the upstream framed it (still content-encoded, if it was). */
    InputStream body() {
        return body;
    }

    /** True when the body was cut because the upstream went silent for longer than the idle limit. */
    boolean idleTimedOut() {
        return watch.fired;
    }

    /** Aborts the exchange; a pending or later read fails. Any thread. */
    void abort(Throwable cause) {
        watch.cancel();
        request.abort(cause);
    }

    @Override
    public void close() {
        watch.cancel();
        try {
            body.close();
        } catch (IOException e) {
            request.abort(e);
        }
    }

    /** Aborts the call when no body byte arrived for the limit; re-arms itself at the last activity. */
    private final class IdleWatch implements Runnable {
        private final Scheduler scheduler;
        private final long limitNanos;
        private volatile long lastActivity = System.nanoTime();
        private volatile Scheduler.Task task;
        private volatile boolean fired;
        private volatile boolean cancelled;

        IdleWatch(Scheduler scheduler, long idleMs) {
            this.scheduler = scheduler;
            this.limitNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
            this.task = scheduler.schedule(this, limitNanos, TimeUnit.NANOSECONDS);
        }

        void touch() {
            lastActivity = System.nanoTime();
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            long silent = System.nanoTime() - lastActivity;
            if (silent >= limitNanos) {
                fired = true;
                request.abort(new TimeoutException("upstream sent nothing for "
                        + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms"));
            } else {
                task = scheduler.schedule(this, limitNanos - silent, TimeUnit.NANOSECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            Scheduler.Task pending = task;
            if (pending != null) {
                pending.cancel();
            }
        }
    }

    /** The body, telling the watch about every byte that arrives. */
    private final class WatchedStream extends InputStream {
        private final InputStream raw;

        WatchedStream(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            int read = raw.read();
            watch.touch();
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = raw.read(buffer, offset, length);
            watch.touch();
            if (read < 0) {
                watch.cancel();
            }
            return read;
        }

        @Override
        public int available() throws IOException {
            return raw.available();
        }

        @Override
        public void close() throws IOException {
            watch.cancel();
            raw.close();
        }
    }
}
