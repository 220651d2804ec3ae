package io.betterccflare.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Everything the CLI touches outside itself: environment, output streams, the terminal, the clock and
 * the signal that ends {@code --serve}. Tests pass their own; {@link #system()} is the real process.
 */
public record CliIo(Map<String, String> env, PrintStream out, PrintStream err, Terminal terminal, Clock clock,
                    CountDownLatch shutdown, String osName, String userHome) {

    public static CliIo system() {
        return new CliIo(System.getenv(), System.out, System.err, new SystemTerminal(System.out), Clock.systemUTC(),
                new CountDownLatch(1), System.getProperty("os.name"), System.getProperty("user.home"));
    }
}
