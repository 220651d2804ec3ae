package io.betterccflare.requests;

import java.util.Arrays;

/**
 * The first {@code cap} bytes of a body, and how many bytes there were in all. Grows as needed, never
 * past the cap. Not thread-safe: confined to one request's thread until handed over.
 */
final class BodyCapture {
    private final int cap;
    private byte[] bytes = new byte[0];
    private int length;
    private long total;

    BodyCapture(int cap) {
        this.cap = Math.max(0, cap);
    }

    static BodyCapture of(byte[] body, int cap) {
        BodyCapture capture = new BodyCapture(cap);
        capture.append(body, 0, body.length);
        return capture;
    }

    void append(byte[] buffer, int offset, int count) {
        total += count;
        int room = Math.min(count, cap - length);
        if (room <= 0) {
            return;
        }
        if (length + room > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(length + room, Math.max(1024, bytes.length * 2))));
        }
        System.arraycopy(buffer, offset, bytes, length, room);
        length += room;
    }

    byte[] bytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    int length() {
        return length;
    }

    long total() {
        return total;
    }

    boolean truncated() {
        return total > length;
    }
}
