package io.betterccflare.tui;

import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * A rectangle of the screen that a {@link View} draws into: rows from 0 to {@link #height()}, columns from 0
 * to {@link #width()}; text beyond the edges is cut, never wrapped. Used by the UI thread only.
 */
final class Canvas {
    private final TextGraphics graphics;
    private final int top;
    private final int width;
    private final int height;

    Canvas(TextGraphics graphics, int top, int width, int height) {
        this.graphics = graphics;
        this.top = top;
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Writes {@code text} at ({@code col}, {@code row}); returns the column after it, for chaining segments. */
    int text(int col, int row, String text, Style style) {
        if (row < 0 || row >= height || col >= width || text == null) {
            return col;
        }
        String visible = Formats.fit(text, width - col);
        graphics.setForegroundColor(style.foreground);
        graphics.setBackgroundColor(style.background);
        graphics.clearModifiers();
        if (style.bold) {
            graphics.enableModifiers(style.modifiers());
        }
        graphics.putString(col, top + row, visible);
        graphics.clearModifiers();
        return col + visible.length();
    }

    int text(int col, int row, String text) {
        return text(col, row, text, Style.NORMAL);
    }

    /** A whole row in {@code style}, padded to the full width (for the selected line of a list). */
    void line(int row, String text, Style style) {
        text(0, row, Formats.pad(text, width), style);
    }

    /** Writes {@code text} wrapped at the width from {@code row}; returns the next free row. */
    int wrapped(int col, int row, String text, Style style) {
        int span = Math.max(1, width - col);
        String clean = text == null ? "" : text.replaceAll("[\\p{Cntrl}&&[^\\n]]", " ");
        int current = row;
        for (String paragraph : clean.split("\n", -1)) {
            if (paragraph.isEmpty()) {
                current++;
                continue;
            }
            for (int start = 0; start < paragraph.length(); start += span) {
                text(col, current++, paragraph.substring(start, Math.min(paragraph.length(), start + span)), style);
            }
        }
        return current;
    }
}
