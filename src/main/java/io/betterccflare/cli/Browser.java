package io.betterccflare.cli;

/**
 * Opens a URL in the user's browser when one is available. Never throws: {@link #open} returns false
 * when no browser could be started, and the CLI then asks the user to open the URL by hand.
 */
@FunctionalInterface
public interface Browser {

    /** Opens nothing (tests, headless machines). */
    Browser NONE = url -> false;

    boolean open(String url);
}
