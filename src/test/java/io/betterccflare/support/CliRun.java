package io.betterccflare.support;

import io.betterccflare.cli.Cli;
import io.betterccflare.cli.CliIo;
import io.betterccflare.cli.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the CLI in-process without a terminal and captures what it prints. */
public final class CliRun {
    private CliRun() {
    }

    /** Exit code and the text written to stdout and stderr. */
    public record Result(int code, String out, String err) {
    }

    public static Result run(Map<String, String> env, String home, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal none = new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }

            @Override
            public String readSecret(String prompt) {
                return null;
            }
        };
        CliIo io = new CliIo(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                none, clock, new CountDownLatch(1), "Linux", home);
        int code = new Cli(io).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
