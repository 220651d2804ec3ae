package io.betterccflare.tui;

/**
 * A cursor over a list that can change size under it: up/down (clamped), page moves, and the window of rows
 * that keeps the cursor visible. Used by the UI thread only.
 */
final class Selection {
    private int index;
    private int size;

    int index() {
        return index;
    }

    /** Adopts a new list size, keeping the cursor inside it. */
    void resize(int newSize) {
        size = Math.max(0, newSize);
        index = size == 0 ? 0 : Math.min(index, size - 1);
    }

    void up() {
        index = Math.max(0, index - 1);
    }

    void down() {
        index = size == 0 ? 0 : Math.min(size - 1, index + 1);
    }

    void select(int newIndex) {
        index = size == 0 ? 0 : Math.max(0, Math.min(size - 1, newIndex));
    }

    /** Moves one page of {@code pageSize} rows forward (positive) or back (negative), to the page's first row. */
    void page(int direction, int pageSize) {
        int page = pageSize <= 0 ? 0 : index / pageSize + Integer.signum(direction);
        int pages = pages(pageSize);
        page = Math.max(0, Math.min(pages - 1, page));
        select(page * pageSize);
    }

    /** The first row of the page that holds the cursor. */
    int pageStart(int pageSize) {
        return pageSize <= 0 ? 0 : index / pageSize * pageSize;
    }

    /** 1-based page number of the cursor. */
    int page(int pageSize) {
        return pageSize <= 0 ? 1 : index / pageSize + 1;
    }

    int pages(int pageSize) {
        return pageSize <= 0 ? 1 : Math.max(1, (size + pageSize - 1) / pageSize);
    }
}
