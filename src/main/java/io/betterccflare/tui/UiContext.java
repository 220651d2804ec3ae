package io.betterccflare.tui;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every screen shares: the API client, the clock and zone, the status line, the browser opener, the
 * server facts, and the "something changed, redraw" flag. Background work runs on virtual threads through
 * {@link #background}, which turns every failure into a status-line message (never a stack trace on screen).
 * Thread-safe.
 */
final class UiContext {
    private static final Logger LOG = LoggerFactory.getLogger(UiContext.class);

    private final ApiClient api;
    private final Clock clock;
    private final ZoneId zone;
    private final StatusLine status = new StatusLine();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final BrowserOpener browser;
    private final ServerInfo server;

    UiContext(ApiClient api, Clock clock, ZoneId zone, BrowserOpener browser, ServerInfo server) {
        this.api = api;
        this.clock = clock;
        this.zone = zone;
        this.browser = browser;
        this.server = server;
    }

    ApiClient api() {
        return api;
    }

    long now() {
        return clock.millis();
    }

    ZoneId zone() {
        return zone;
    }

    BrowserOpener browser() {
        return browser;
    }

    ServerInfo server() {
        return server;
    }

    StatusLine status() {
        return status;
    }

    void info(String text) {
        status.info(text, now());
        changed();
    }

    void error(String text) {
        status.error(text, now());
        changed();
    }

    /** Asks the UI thread to redraw. */
    void changed() {
        dirty.set(true);
    }

    /** True once per change: the UI thread redraws when this returns true. */
    boolean takeChanged() {
        return dirty.getAndSet(false);
    }

    /** Runs {@code task} on a virtual thread; failures become status-line errors and the screen is redrawn after. */
    void background(String what, Runnable task) {
        Thread.ofVirtual().name("tui-" + what).start(() -> {
            try {
                task.run();
            } catch (ApiCallException e) {
                error(what + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Terminal UI task '{}' failed", what, e);
                error(what + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                changed();
            }
        });
    }
}
