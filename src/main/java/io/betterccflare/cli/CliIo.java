package io.betterccflare.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Everything the CLI touches outside itself: environment, output streams, the terminal, the clock, the
 * signal that ends {@code --serve}, and the browser the OAuth login opens. Tests pass their own;
 * {@link #system()} is the real process.
 */
public record CliIo(Map<String, String> env, PrintStream out, PrintStream err, Terminal terminal, Clock clock,
                    CountDownLatch shutdown, String osName, String userHome, Browser browser) {

    /** Without a browser: the OAuth login prints its URL only. */
    public CliIo(Map<String, String> env, PrintStream out, PrintStream err, Terminal terminal, Clock clock,
                 CountDownLatch shutdown, String osName, String userHome) {
        this(env, out, err, terminal, clock, shutdown, osName, userHome, Browser.NONE);
    }

    public static CliIo system() {
        return new CliIo(System.getenv(), System.out, System.err, new SystemTerminal(System.out), Clock.systemUTC(),
                new CountDownLatch(1), System.getProperty("os.name"), System.getProperty("user.home"),
                new SystemBrowser(System.getProperty("os.name"), System.getenv()));
    }
}
