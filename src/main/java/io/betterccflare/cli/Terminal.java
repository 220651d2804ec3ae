package io.betterccflare.cli;

/**
 * Where the CLI asks questions. {@link #interactive()} tells whether a person is at a terminal;
 * {@link #readLine} still works on piped input. Implementations need not be thread-safe.
 */
public interface Terminal {
    boolean interactive();

    /** Prints the prompt and reads one line; null at end of input. */
    String readLine(String prompt);

    /** Like {@link #readLine} but without echo when a terminal is present. */
    String readSecret(String prompt);
}
