package io.betterccflare.tui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Logs screen's model: the newest {@value #CAPACITY} lines, a pause switch that holds new lines back
 * (they are kept, up to the capacity, and shown on resume) and clear. Thread-safe (synchronized): the event
 * stream appends, the UI thread reads.
 */
final class LogBuffer {
    static final int CAPACITY = 200;

    private final Deque<ApiRecords.LogEvent> shown = new ArrayDeque<>();
    private final Deque<ApiRecords.LogEvent> held = new ArrayDeque<>();
    private boolean paused;

    synchronized void add(ApiRecords.LogEvent event) {
        Deque<ApiRecords.LogEvent> target = paused ? held : shown;
        target.addLast(event);
        while (target.size() > CAPACITY) {
            target.removeFirst();
        }
    }

    synchronized void addAll(List<ApiRecords.LogEvent> events) {
        events.forEach(this::add);
    }

    /** Switches pause; resuming appends the lines that arrived meanwhile. Returns the new state. */
    synchronized boolean togglePause() {
        paused = !paused;
        if (!paused) {
            List<ApiRecords.LogEvent> pending = new ArrayList<>(held);
            held.clear();
            pending.forEach(this::add);
        }
        return paused;
    }

    synchronized boolean paused() {
        return paused;
    }

    synchronized void clear() {
        shown.clear();
        held.clear();
    }

    /** The last {@code count} shown lines, oldest first. */
    synchronized List<ApiRecords.LogEvent> tail(int count) {
        List<ApiRecords.LogEvent> all = new ArrayList<>(shown);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    synchronized int size() {
        return shown.size();
    }
}
