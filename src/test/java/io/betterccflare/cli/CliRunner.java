package io.betterccflare.cli;

import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Runs the real CLI in-process with a test environment and captures what it prints. */
public final class CliRunner {
    private final TestEnv env;
    private final Clock clock;

    public CliRunner(TestEnv env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** What one invocation printed, and its exit code. */
    public record Result(int code, String out, String err) {
    }

    public Result run(Terminal terminal, String... args) {
        return run(terminal, new CountDownLatch(0), args);
    }

    public Result run(String... args) {
        return run(new ScriptedTerminal(false), args);
    }

    public Result run(Terminal terminal, CountDownLatch shutdown, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = new Cli(io(terminal, shutdown, out, err)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public CliIo io(Terminal terminal, CountDownLatch shutdown, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new CliIo(env.env(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, clock, shutdown, "Linux", env.home().toString());
    }
}
