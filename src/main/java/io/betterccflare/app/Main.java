package io.betterccflare.app;

import io.betterccflare.cli.Cli;
import io.betterccflare.cli.CliIo;

/** Process entry point: runs the CLI and exits with its code; Ctrl+C / SIGTERM end {@code --serve} cleanly. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliIo io = CliIo.system();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.shutdown().countDown();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        int code = new Cli(io).run(args);
        if (io.shutdown().getCount() > 0) {
            // Not stopping on a signal: exit with the code (exit during shutdown would block the hook).
            System.exit(code);
        }
    }
}
