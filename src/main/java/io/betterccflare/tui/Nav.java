package io.betterccflare.tui;

/** What a key press does to the screen stack. Immutable. */
sealed interface Nav {
    Nav STAY = new Stay();
    Nav BACK = new Back();
    Nav QUIT = new Quit();

    static Nav open(View view) {
        return new Open(view);
    }

    /** Stay on the current screen (it may have changed its own state). */
    record Stay() implements Nav {
    }

    /** Leave the current screen; from the home menu this quits. */
    record Back() implements Nav {
    }

    /** Push another screen. */
    record Open(View view) implements Nav {
    }

    /** Leave the program. */
    record Quit() implements Nav {
    }
}
