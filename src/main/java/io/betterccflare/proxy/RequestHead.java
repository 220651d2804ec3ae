package io.betterccflare.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of an HTTP/1.1 request head (and, when small, the body after it), built without
 * intermediate strings. Characters up to U+00FF are written as single bytes, a value with wider ones as
 * UTF-8. A line break or NUL in a name or value is refused: it would split the head. Used by one thread.
 */
final class RequestHead {
    private byte[] bytes;
    private int length;

    RequestHead(int capacity) {
        this.bytes = new byte[capacity];
    }

    void requestLine(String method, String target) {
        text(method);
        put((byte) ' ');
        text(target);
        text(" HTTP/1.1");
        put((byte) '\r');
        put((byte) '\n');
    }

    void field(String name, String value) {
        text(name);
        put((byte) ':');
        put((byte) ' ');
        text(value);
        put((byte) '\r');
        put((byte) '\n');
    }

    void end() {
        put((byte) '\r');
        put((byte) '\n');
    }

    void append(byte[] more) {
        ensure(more.length);
        System.arraycopy(more, 0, bytes, length, more.length);
        length += more.length;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void text(String value) {
        int size = value.length();
        ensure(size);
        for (int i = 0; i < size; i++) {
            char c = value.charAt(i);
            if (breaks(c)) {
                throw splitsTheHead();
            }
            if (c > 0xFF) {
                length -= i;
                for (int j = i + 1; j < size; j++) {
                    if (breaks(value.charAt(j))) {
                        throw splitsTheHead();
                    }
                }
                append(value.getBytes(StandardCharsets.UTF_8));
                return;
            }
            bytes[length++] = (byte) c;
        }
    }

    private static boolean breaks(char c) {
        return c == '\r' || c == '\n' || c == 0;
    }

    private static IllegalArgumentException splitsTheHead() {
        return new IllegalArgumentException("A header name or value contains a line break or NUL");
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
