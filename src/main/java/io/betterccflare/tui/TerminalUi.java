package io.betterccflare.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal UI: a stack of {@link View}s drawn on a Lanterna {@link Screen}. One thread (the caller of
 * {@link #run}) reads keys, ticks the top screen and redraws when something changed, through the screen's
 * back buffer so only changed cells reach the terminal (no flicker). It ends on quit, on end of input, or when
 * the shutdown latch opens (Ctrl-C, SIGTERM), and always restores the terminal. While it runs, stray output to
 * {@code System.out}/{@code System.err} goes to the log instead of the screen. Not thread-safe: run once.
 */
public final class TerminalUi {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalUi.class);
    private static final long TICK_MS = 40;
    private static final int MIN_WIDTH = 40;
    private static final int MIN_HEIGHT = 10;

    private final UiContext ui;
    private final Clock clock;
    private final CountDownLatch shutdown;

    public TerminalUi(ServerInfo server, Clock clock, CountDownLatch shutdown, String osName, Map<String, String> env,
                      String apiKey) {
        this(new UiContext(new ApiClient(server.apiBase(), apiKey), clock, ZoneId.systemDefault(), new BrowserOpener(osName, env), server),
                clock, shutdown);
    }

    TerminalUi(UiContext ui, Clock clock, CountDownLatch shutdown) {
        this.ui = ui;
        this.clock = clock;
        this.shutdown = shutdown;
    }

    /**
     * Takes over the process's terminal (stdin/stdout) until the user quits; returns the exit code. A terminal
     * that cannot be opened is one line on {@code err} and exit code 1.
     */
    public int run(InputStream in, PrintStream out, PrintStream err) {
        Screen screen;
        try {
            Terminal terminal = new DefaultTerminalFactory(out, in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal();
            screen = new TerminalScreen(terminal);
        } catch (IOException | RuntimeException e) {
            err.println("Error: cannot open the terminal for the terminal UI: " + e.getMessage() + " (try --serve)");
            return 1;
        }
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(new LoggedOutput("stdout"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LoggedOutput("stderr"), true, StandardCharsets.UTF_8));
        try {
            return run(screen);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** Runs the UI on an already created screen (a real terminal, or a virtual one in tests). */
    int run(Screen screen) {
        Deque<View> stack = new ArrayDeque<>();
        try {
            screen.startScreen();
            screen.setCursorPosition(null);
            LOG.info("Terminal UI started for {}", ui.server().publicUrl());
            open(stack, new HomeView(ui));
            boolean full = true;
            long lastSecond = -1;
            while (!stack.isEmpty()) {
                if (screen.doResizeIfNecessary() != null) {
                    full = true;
                }
                KeyStroke key;
                while (!stack.isEmpty() && (key = screen.pollInput()) != null) {
                    if (key.getKeyType() == KeyType.EOF || (key.isCtrlDown() && key.getKeyType() == KeyType.Character
                            && key.getCharacter() == 'c')) {
                        closeAll(stack);
                        break;
                    }
                    handle(stack, key);
                }
                if (stack.isEmpty()) {
                    break;
                }
                long now = clock.millis();
                tick(stack.peek(), now);
                if (full || ui.takeChanged() || now / 1000 != lastSecond) {
                    draw(screen, stack, full);
                    full = false;
                    lastSecond = now / 1000;
                }
                if (shutdown.await(TICK_MS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
            return 0;
        } catch (IOException e) {
            LOG.warn("Terminal UI stopped: {}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            closeAll(stack);
            LOG.info("Terminal UI stopped");
            try {
                screen.stopScreen();
            } catch (IOException e) {
                LOG.warn("Cannot restore the terminal: {}", e.getMessage());
            }
        }
    }

    private void handle(Deque<View> stack, KeyStroke key) {
        View top = stack.peek();
        Nav nav;
        try {
            nav = top.onKey(key);
        } catch (RuntimeException e) {
            LOG.warn("Key handling failed on {}", top.title(), e);
            ui.error("Unexpected error: " + e.getClass().getSimpleName());
            return;
        }
        switch (nav) {
            case Nav.Stay stay -> ui.changed();
            case Nav.Back back -> {
                stack.pop().closed();
                if (!stack.isEmpty()) {
                    stack.peek().opened();
                }
                ui.changed();
            }
            case Nav.Open next -> {
                ui.status().clear();
                open(stack, next.view());
            }
            case Nav.Quit quit -> closeAll(stack);
        }
    }

    private void open(Deque<View> stack, View view) {
        stack.push(view);
        try {
            view.opened();
        } catch (RuntimeException e) {
            LOG.warn("Opening {} failed", view.title(), e);
            ui.error("Cannot open " + view.title() + ": " + e.getClass().getSimpleName());
        }
        ui.changed();
    }

    private void tick(View view, long now) {
        try {
            view.tick(now);
        } catch (RuntimeException e) {
            LOG.warn("Refresh of {} failed", view.title(), e);
            ui.error("Refresh failed: " + e.getClass().getSimpleName());
        }
    }

    private static void closeAll(Deque<View> stack) {
        while (!stack.isEmpty()) {
            try {
                stack.pop().closed();
            } catch (RuntimeException e) {
                LOG.warn("Closing a screen failed", e);
            }
        }
    }

    private void draw(Screen screen, Deque<View> stack, boolean full) throws IOException {
        TerminalSize size = screen.getTerminalSize();
        screen.clear();
        var graphics = screen.newTextGraphics();
        int width = size.getColumns();
        int height = size.getRows();
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            new Canvas(graphics, 0, width, height).wrapped(0, 0,
                    "Terminal too small (" + width + "x" + height + "); need at least " + MIN_WIDTH + "x" + MIN_HEIGHT, Style.WARN);
            screen.refresh(Screen.RefreshType.COMPLETE);
            return;
        }
        View top = stack.peek();
        List<String> titles = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(view -> titles.add(view.title()));
        String left = " better-ccflare › " + String.join(" › ", titles.subList(1, titles.size()).isEmpty()
                ? titles : titles.subList(1, titles.size()));
        String right = ui.server().publicUrl() + " ";
        Canvas bar = new Canvas(graphics, 0, width, 1);
        bar.line(0, left, Style.BAR);
        if (left.length() + right.length() + 2 <= width) {
            bar.text(width - right.length(), 0, right, Style.BAR);
        }
        try {
            top.render(new Canvas(graphics, 1, width, height - 3));
        } catch (RuntimeException e) {
            LOG.warn("Drawing {} failed", top.title(), e);
            ui.status().error("Cannot draw this screen: " + e.getClass().getSimpleName(), clock.millis());
        }
        Canvas footer = new Canvas(graphics, height - 2, width, 2);
        StatusLine.Message message = ui.status().current(clock.millis());
        if (message != null) {
            footer.text(1, 0, message.text(), message.error() ? Style.BAD : Style.GOOD);
        }
        footer.line(1, " " + top.help(), Style.BAR);
        screen.refresh(full ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }
}
