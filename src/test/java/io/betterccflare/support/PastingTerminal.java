package io.betterccflare.support;

import io.betterccflare.cli.Terminal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A non-interactive terminal for the OAuth login, as with piped stdin: each {@link #readLine} prints nothing itself and
 * returns the next answer from the script (computed when asked, so it may depend on earlier output).
 * Records the prompts. Not thread-safe beyond the prompt list.
 */
public final class PastingTerminal implements Terminal {
    private final List<Supplier<String>> answers;
    private final List<String> prompts = new CopyOnWriteArrayList<>();
    private int next;

    @SafeVarargs
    public PastingTerminal(Supplier<String>... answers) {
        this.answers = List.of(answers);
    }

    public List<String> prompts() {
        return prompts;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return next < answers.size() ? answers.get(next++).get() : null;
    }

    @Override
    public String readSecret(String prompt) {
        return readLine(prompt);
    }
}
