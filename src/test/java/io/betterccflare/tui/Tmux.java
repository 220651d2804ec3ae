package io.betterccflare.tui;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private tmux server (its own socket) running one interactive shell in a window of a given size, for
 * end-to-end tests of the real program: type, send keys, read the screen, resize. Not thread-safe.
 */
final class Tmux implements AutoCloseable {
    static final String PROMPT = "tui-test$ ";

    private final String socket = "bcf-test-" + UUID.randomUUID();
    private final String target = "t";

    private Tmux(int width, int height) {
        run("new-session", "-d", "-s", target, "-x", String.valueOf(width), "-y", String.valueOf(height),
                "env PS1='" + PROMPT + "' bash --norc --noprofile");
        run("set-option", "-t", target, "escape-time", "0");
        waitFor(screen -> screen.contains(PROMPT.strip()));
    }

    /** Skips the calling test with a notice when tmux is missing, unless CI is set; then it fails. */
    static Tmux start(int width, int height) {
        if (!installed()) {
            String notice = "tmux is not installed: the terminal UI end-to-end tests need it (.ci/run installs it)";
            if (System.getenv("CI") != null) {
                Assertions.fail(notice);
            }
            System.err.println("NOTICE: " + notice + "; skipping");
            Assumptions.abort(notice);
        }
        return new Tmux(width, height);
    }

    static boolean installed() {
        try {
            Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A shell script that runs the real program ({@code io.betterccflare.app.Main}) with this JVM's class path
     * and the given environment, then prints its exit code.
     */
    static Path launcher(Path dir, Map<String, String> env, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder script = new StringBuilder("#!/bin/sh\nunset DATABASE_URL BETTER_CCFLARE_DB_PATH BETTER_CCFLARE_CONFIG_PATH\n");
        env.forEach((name, value) -> script.append("export ").append(name).append('=').append(quote(value)).append('\n'));
        script.append(quote(java)).append(" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp ")
                .append(quote(System.getProperty("java.class.path"))).append(" io.betterccflare.app.Main");
        for (String arg : args) {
            script.append(' ').append(quote(arg));
        }
        script.append("\necho \"EXIT CODE $?\"\n");
        try {
            Path file = dir.resolve("run-better-ccflare.sh");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Types text literally (no key names). */
    void type(String text) {
        run("send-keys", "-t", target, "-l", text);
    }

    /** Sends tmux key names: {@code Enter}, {@code Down}, {@code Escape}, {@code C-c}, {@code q}... */
    void keys(String... keys) {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", target));
        command.addAll(List.of(keys));
        run(command.toArray(String[]::new));
    }

    String screen() {
        return run("capture-pane", "-p", "-t", target);
    }

    /** The screen as lines, padded to nothing: exactly what capture-pane prints. */
    List<String> lines() {
        return screen().lines().toList();
    }

    boolean alternateScreen() {
        return run("display-message", "-p", "-t", target, "#{alternate_on}").strip().equals("1");
    }

    void resize(int width, int height) {
        run("resize-window", "-t", target, "-x", String.valueOf(width), "-y", String.valueOf(height));
    }

    /**
     * Waits (up to 60 s) until the screen satisfies {@code condition} and is settled: two captures in a row
     * are equal, so a frame that Lanterna is still writing (a new heading above old rows) is never returned.
     * The failure shows the last screen.
     */
    String waitFor(Predicate<String> condition) {
        String[] last = {""};
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String previous = last[0];
                last[0] = screen();
                return last[0].equals(previous) && condition.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Screen never matched; last screen:\n" + last[0], e);
        }
        return last[0];
    }

    String waitFor(String text) {
        return waitFor(screen -> screen.contains(text));
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            System.err.println("tmux kill-server: " + e.getMessage());
        }
    }
}
