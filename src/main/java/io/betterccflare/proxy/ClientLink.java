package io.betterccflare.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

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
