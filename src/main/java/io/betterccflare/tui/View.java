package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;

/**
 * One screen of the terminal UI. The UI thread calls {@link #render}, {@link #onKey} and {@link #tick}; loads
 * run in the background and publish immutable snapshots that {@code render} reads, so implementations keep
 * shared state in volatile fields or atomic references.
 */
interface View {
    /** Shown in the title bar. */
    String title();

    /** The help line at the bottom: the keys this screen understands. */
    String help();

    /** Draws the content area (between the title bar and the status line). */
    void render(Canvas canvas);

    Nav onKey(KeyStroke key);

    /** Called when the screen becomes visible: start loads and streams. */
    default void opened() {
    }

    /** Called when the screen is left or the program ends: stop streams. */
    default void closed() {
    }

    /** Called about every 50 ms with the current time, for auto-refresh. */
    default void tick(long nowMs) {
    }
}
