package io.betterccflare.proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one upstream response, framed as its head said: a fixed {@code content-length}, HTTP/1.1
 * chunks (returned de-chunked, each read giving at most what one chunk still holds, so every SSE event
 * is handed on as soon as it arrives), or everything until the upstream closes. A body that ends early
 * fails the read with an {@link IOException}. On {@link #close()} the connection goes back to the pool
 * when the body was read to its end and may be kept; otherwise it is closed. Used by one thread;
 * the connection itself may be closed from another to abort a blocked read.
 */
abstract sealed class UpstreamBody extends InputStream {
    private final UpstreamConnection connection;
    private final ConnectionPool pool;
    private final boolean keepAlive;
    private boolean ended;
    private boolean closed;

    private UpstreamBody(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive) {
        this.connection = connection;
        this.pool = pool;
        this.keepAlive = keepAlive;
    }

    static UpstreamBody empty(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive) {
        return new Fixed(connection, pool, keepAlive, 0);
    }

    static UpstreamBody fixed(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive, long length) {
        return new Fixed(connection, pool, keepAlive, length);
    }

    static UpstreamBody chunked(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive) {
        return new Chunked(connection, pool, keepAlive);
    }

    static UpstreamBody untilClose(UpstreamConnection connection, ConnectionPool pool) {
        return new UntilClose(connection, pool);
    }

    /** Reads body bytes; -1 (after calling {@link #end()}) once the body is complete. */
    abstract int readBody(byte[] target, int offset, int length) throws IOException;

    final UpstreamConnection connection() {
        return connection;
    }

    final void end() {
        ended = true;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int read(byte[] target, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("upstream body already closed");
        }
        if (ended) {
            return -1;
        }
        return readBody(target, offset, length);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ended && keepAlive) {
            pool.release(connection);
        } else {
            connection.close();
        }
    }

    /** Closes the connection at once, from any thread: a read blocked on it fails. */
    final void abort() {
        connection.close();
    }

    static IOException truncated() {
        return new IOException("upstream closed the connection before the end of the body");
    }

    /** A body of known length (zero for responses that have none). */
    private static final class Fixed extends UpstreamBody {
        private long remaining;

        Fixed(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive, long length) {
            super(connection, pool, keepAlive);
            this.remaining = length;
            if (length == 0) {
                end();
            }
        }

        @Override
        int readBody(byte[] target, int offset, int length) throws IOException {
            int read = connection().read(target, offset, (int) Math.min(length, remaining));
            if (read < 0) {
                throw truncated();
            }
            remaining -= read;
            if (remaining == 0) {
                end();
            }
            return read;
        }
    }

    /** {@code transfer-encoding: chunked}; extensions and trailers are read and dropped. */
    private static final class Chunked extends UpstreamBody {
        private static final long MAX_CHUNK = Long.MAX_VALUE >> 4;
        private long chunkLeft;
        private boolean afterData;

        Chunked(UpstreamConnection connection, ConnectionPool pool, boolean keepAlive) {
            super(connection, pool, keepAlive);
        }

        @Override
        int readBody(byte[] target, int offset, int length) throws IOException {
            if (chunkLeft == 0) {
                if (afterData && !connection().readLine().isEmpty()) {
                    throw new IOException("upstream sent a malformed chunk (no CRLF after the data)");
                }
                long size = chunkSize(connection().readLine());
                if (size == 0) {
                    while (!connection().readLine().isEmpty()) {
                        continue;
                    }
                    end();
                    return -1;
                }
                chunkLeft = size;
                afterData = true;
            }
            int read = connection().read(target, offset, (int) Math.min(length, chunkLeft));
            if (read < 0) {
                throw truncated();
            }
            chunkLeft -= read;
            return read;
        }

        private static long chunkSize(String line) throws IOException {
            int end = line.indexOf(';');
            String digits = (end < 0 ? line : line.substring(0, end)).trim();
            if (digits.isEmpty()) {
                throw new IOException("upstream sent a malformed chunk size");
            }
            long size = 0;
            for (int i = 0; i < digits.length(); i++) {
                int digit = Character.digit(digits.charAt(i), 16);
                if (digit < 0 || size > MAX_CHUNK) {
                    throw new IOException("upstream sent a malformed chunk size");
                }
                size = size * 16 + digit;
            }
            return size;
        }
    }

    /** No length and no chunks: the body ends when the upstream closes; the connection is never reused. */
    private static final class UntilClose extends UpstreamBody {
        UntilClose(UpstreamConnection connection, ConnectionPool pool) {
            super(connection, pool, false);
        }

        @Override
        int readBody(byte[] target, int offset, int length) throws IOException {
            int read = connection().read(target, offset, length);
            if (read < 0) {
                end();
            }
            return read;
        }
    }
}
