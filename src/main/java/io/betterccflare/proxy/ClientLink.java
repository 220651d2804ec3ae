package io.betterccflare.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Watches the client's connection for one request. When Jetty reports a connection failure, or a write
 * to the client fails, or {@link #probeGone} finds the connection closed, the proxy runs what it
 * registered for that moment (abort the pending upstream call, or the upstream body it is reading), so
 * the upstream is released at once. Jetty only notices a silent close of an HTTP/1 connection when it
 * reads or writes; while the upstream has not answered yet nothing is written, so the proxy probes
 * ({@link #probeGone}) between short waits. Thread-safe: Jetty's thread and the request thread meet
 * through atomics; {@link #probeGone} is called by the request's thread only.
 */
final class ClientLink {
    private final AtomicReference<Runnable> onGone = new AtomicReference<>();
    private final ServletContextRequest jettyRequest;
    private volatile boolean gone;
    /** The plain HTTP/1 socket to probe; null when there is none, or after the client sent more bytes. */
    private EndPoint probed;
    private boolean sentMore;

    /** A link with no client connection behind it (an upstream call made on the proxy's own behalf). */
    ClientLink() {
        this.jettyRequest = null;
    }

    ClientLink(HttpServletRequest clientRequest) {
        this.jettyRequest = ServletContextRequest.getServletContextRequest(clientRequest);
        if (jettyRequest != null) {
            jettyRequest.addFailureListener(failure -> markGone());
            HttpVersion version = jettyRequest.getConnectionMetaData().getHttpVersion();
            EndPoint endPoint = jettyRequest.getConnectionMetaData().getConnection().getEndPoint();
            if ((version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) && endPoint instanceof SocketChannelEndPoint) {
                probed = endPoint;
            }
        }
    }

    boolean gone() {
        return gone;
    }

    /**
     * Checks, without blocking, whether an HTTP/1 client closed its connection while its request waits
     * (call only after the whole request body was read, from the request's thread). A client that sent
     * bytes after its request (pipelining) is not probed again, and {@link #sentMore} tells the proxy to
     * close the connection after answering, since those bytes were consumed here.
     */
    boolean probeGone() {
        if (gone || probed == null) {
            return gone;
        }
        try {
            ByteBuffer one = BufferUtil.allocate(1);
            int filled = probed.fill(one);
            if (filled < 0) {
                markGone();
            } else if (filled > 0) {
                probed = null;
                sentMore = true;
            }
        } catch (IOException e) {
            markGone();
        }
        return gone;
    }

    /** True when a probe consumed bytes the client sent after its request: close the connection after answering. */
    boolean sentMore() {
        return sentMore;
    }

    /** Runs {@code cancel} when the client goes away (at once if it already has); replaces the previous one. */
    void whenGone(Runnable cancel) {
        onGone.set(cancel);
        if (gone) {
            runCancel();
        }
    }

    void clear() {
        onGone.set(null);
    }

    void markGone() {
        gone = true;
        runCancel();
    }

    /** Cuts the client's connection so it sees a broken response rather than a clean, short one. */
    void abort(Throwable cause) {
        if (jettyRequest != null) {
            jettyRequest.getServletChannel().abort(cause);
        }
    }

    private void runCancel() {
        Runnable cancel = onGone.getAndSet(null);
        if (cancel != null) {
            cancel.run();
        }
    }
}
