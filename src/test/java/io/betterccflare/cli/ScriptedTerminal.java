package io.betterccflare.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A terminal for tests: answers prompts from a script and remembers what was asked. */
public final class ScriptedTerminal implements Terminal {
    private final boolean interactive;
    private final Deque<String> answers;
    private final List<String> prompts = new ArrayList<>();

    public ScriptedTerminal(boolean interactive, String... answers) {
        this.interactive = interactive;
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        return answers.poll();
    }

    @Override
    public String readSecret(String prompt) {
        return readLine(prompt);
    }

    public List<String> prompts() {
        return prompts;
    }
}
