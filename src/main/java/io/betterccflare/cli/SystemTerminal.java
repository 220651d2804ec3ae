package io.betterccflare.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The process's own terminal, or its stdin when piped. Not thread-safe. */
public final class SystemTerminal implements Terminal {
    private final Console console = System.console();
    private final PrintStream out;
    private BufferedReader stdin;

    public SystemTerminal(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean interactive() {
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from Java 22; on 21 a non-null console already means a terminal.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public String readLine(String prompt) {
        if (interactive()) {
            return console.readLine("%s", prompt);
        }
        out.print(prompt);
        out.flush();
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            return stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String readSecret(String prompt) {
        if (interactive()) {
            char[] secret = console.readPassword("%s", prompt);
            return secret == null ? null : new String(secret);
        }
        return readLine(prompt);
    }
}
