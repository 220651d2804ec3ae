package io.betterccflare.app;

import io.betterccflare.cli.Cli;
import io.betterccflare.cli.CliIo;
import io.betterccflare.logging.Logging;
import java.util.concurrent.atomic.AtomicBoolean;

/** Process entry point: runs the CLI and exits with its code; Ctrl+C / SIGTERM end {@code --serve} cleanly. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliIo io = CliIo.system();
        Thread main = Thread.currentThread();
        AtomicBoolean exiting = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.shutdown().countDown();
            if (exiting.get()) {
                // main itself called System.exit: it is blocked in exit and will never finish, so do not wait for it.
                return;
            }
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        int code = new Cli(io).run(args);
        // Log lines still queued for the file are written before the process goes.
        Logging.flush();
        if (io.shutdown().getCount() > 0) {
            // Not stopping on a signal: exit with the code (exit during shutdown would block the hook).
            exiting.set(true);
            System.exit(code);
        }
    }
}
