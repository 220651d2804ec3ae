package io.betterccflare.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Watches the client's connection for one request. When Jetty reports a connection failure, or a write
 * to the client fails, the proxy runs what it registered for that moment (cancel the pending upstream
 * call, or close the upstream body it is reading), so the upstream is released at once. Jetty only
 * notices a silent close when it reads or writes; while the upstream has not answered yet, a vanished
 * client is seen at the first write. Thread-safe: Jetty's thread and the request thread meet through
 * atomics.
 */
final class ClientLink {
    private final AtomicReference<Runnable> onGone = new AtomicReference<>();
    private final ServletContextRequest jettyRequest;
    private volatile boolean gone;
    private boolean probed;

    /** A link with no client connection behind it (an upstream call made on the proxy's own behalf). */
    ClientLink() {
        this.jettyRequest = null;
    }

    ClientLink(HttpServletRequest clientRequest) {
        this.jettyRequest = ServletContextRequest.getServletContextRequest(clientRequest);
        if (jettyRequest != null) {
            jettyRequest.addFailureListener(failure -> markGone());
        }
    }

    boolean gone() {
        return gone;
    }

    /** Runs {@code cancel} when the client goes away (at once if it already has); replaces the previous one. */
    void whenGone(Runnable cancel) {
        onGone.set(cancel);
        if (gone) {
            runCancel();
        }
    }

    /**
     * Looks whether the client closed its connection while nothing is read or written (a request held for a
     * reset): a non-blocking one-byte read of the socket, which sees the close at once. Only for HTTP/1.1
     * requests whose body was read to the end; a byte that arrives (a pipelined next request, which our
     * clients never send) is dropped and probing stops. True when the client is gone.
     */
    boolean probe() {
        if (gone || jettyRequest == null || probed) {
            return gone;
        }
        EndPoint endPoint = jettyRequest.getConnectionMetaData().getConnection().getEndPoint();
        if (!endPoint.isOpen()) {
            markGone();
        } else if (endPoint.getTransport() instanceof SocketChannel channel) {
            try {
                int read = channel.read(ByteBuffer.allocate(1));
                if (read < 0) {
                    markGone();
                } else if (read > 0) {
                    probed = true;
                }
            } catch (IOException e) {
                markGone();
            }
        }
        return gone;
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
