package io.betterccflare.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

/** The few text styles the screens use. Immutable. */
enum Style {
    NORMAL(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, false),
    DIM(TextColor.ANSI.WHITE_BRIGHT, TextColor.ANSI.DEFAULT, false),
    BOLD(TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT, true),
    HEADING(TextColor.ANSI.CYAN, TextColor.ANSI.DEFAULT, true),
    GOOD(TextColor.ANSI.GREEN, TextColor.ANSI.DEFAULT, false),
    WARN(TextColor.ANSI.YELLOW, TextColor.ANSI.DEFAULT, false),
    BAD(TextColor.ANSI.RED, TextColor.ANSI.DEFAULT, false),
    ACCENT(TextColor.ANSI.BLUE_BRIGHT, TextColor.ANSI.DEFAULT, false),
    SELECTED(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, false),
    BAR(TextColor.ANSI.BLACK, TextColor.ANSI.WHITE, false);

    final TextColor foreground;
    final TextColor background;
    final boolean bold;

    Style(TextColor foreground, TextColor background, boolean bold) {
        this.foreground = foreground;
        this.background = background;
        this.bold = bold;
    }

    SGR[] modifiers() {
        return bold ? new SGR[] {SGR.BOLD} : new SGR[0];
    }

    /** Green from {@code good}, yellow from {@code fair}, else red (the reference's success-rate colours). */
    static Style rate(double value, double good, double fair) {
        return value >= good ? GOOD : value >= fair ? WARN : BAD;
    }
}
