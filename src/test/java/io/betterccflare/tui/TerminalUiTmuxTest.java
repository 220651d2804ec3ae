package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: the real program ({@code better-ccflare} with no flags) in a tmux window: the home menu, every
 * screen and back, resize, and quitting with {@code q} and Ctrl-C restoring the terminal.
 */
class TerminalUiTmuxTest {
    private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tempDir;

    private Tmux tmux;

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
    }

    /** Starts the program in a fresh tmux window and waits for the home menu. */
    static Tmux launch(Path dir, TestEnv env, int width, int height) {
        Tmux tmux = Tmux.start(width, height);
        Path script = Tmux.launcher(dir, env.with("BETTER_CCFLARE_LOG_DIR", dir.resolve("logs").toString()).env());
        tmux.type("sh " + script);
        tmux.keys("Enter");
        tmux.waitFor(screen -> screen.contains("better-ccflare TUI") && screen.contains("Exit"));
        return tmux;
    }

    /** The position of the home menu entry {@code label} (how many Down presses reach it). */
    static int menuIndex(String label) {
        for (int i = 0; i < HomeView.ENTRIES.size(); i++) {
            if (HomeView.ENTRIES.get(i).label().equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No home menu entry " + label);
    }

    static int port(String screen) {
        Matcher matcher = PORT.matcher(screen);
        assertThat(matcher.find()).as("port on screen:\n%s", screen).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void the_home_menu_lists_every_screen_and_the_server_address() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);

        String screen = tmux.waitFor("account(s)");
        assertThat(screen).contains("better-ccflare › Home", "Server", "Manage Accounts", "View Statistics", "Analytics Dashboard",
                "View Requests", "View Logs", "Load Balancer", "Agents", "API Keys", "Exit", "↑/↓ move · Enter open · q quit");
        assertThat(screen).contains("0 account(s) · strategy session");
        assertThat(port(screen)).isPositive();
        assertThat(tmux.alternateScreen()).isTrue();
    }

    @Test
    void every_screen_opens_from_the_menu_shows_its_help_line_and_goes_back() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        List<String> titles = List.of("Server", "Accounts", "Statistics", "Analytics", "Requests", "Logs", "Load Balancer", "Agents");
        List<String> helps = List.of("d open dashboard", "a add", "c show charts", "1-5 range", "Enter/space details", "space pause", "Enter set strategy",
                "m next model");

        for (int i = 0; i < titles.size(); i++) {
            for (int down = 0; down < i; down++) {
                tmux.keys("Down");
            }
            tmux.keys("Enter");
            String title = "better-ccflare › " + titles.get(i);
            String help = helps.get(i);
            // The help line is the last row of every screen; the screen may be mid-redraw, so wait for both.
            String screen = tmux.waitFor(s -> s.contains(title) && s.lines().toList().get(29).contains(help));
            assertThat(screen.lines().toList().get(29)).as("help line of %s", titles.get(i)).contains("q");
            assertThat(screen).doesNotContain("Exception", "\tat ");
            tmux.keys(i % 2 == 0 ? "q" : "Escape");
            tmux.waitFor(s -> s.contains("better-ccflare › Home") && s.lines().toList().get(29).contains("q quit"));
            // The menu keeps its cursor; go back to the top for the next round.
            for (int up = 0; up < i; up++) {
                tmux.keys("Up");
            }
        }
    }

    @Test
    void the_server_screen_shows_address_port_uptime_and_dashboard_url() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        tmux.keys("Enter");

        String screen = tmux.waitFor("Status:     ok");
        int port = port(screen);
        assertThat(screen).contains("Server running at http://127.0.0.1:" + port, "Address:    127.0.0.1", "Port:       " + port,
                "Dashboard:  http://127.0.0.1:" + port + "/dashboard", "Status:     ok");
        assertThat(screen).containsPattern("Uptime:\\s+00:00:\\d\\d");
    }

    @Test
    void it_redraws_when_the_window_is_resized_down_to_80x24_and_up_again() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);

        tmux.resize(80, 24);
        String small = tmux.waitFor(screen -> redrawn(screen, 24));
        List<String> lines = small.lines().toList();
        assertThat(lines.get(0)).startsWith(" better-ccflare › Home").endsWith(":" + port(small));
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(small).contains("Exit");

        tmux.resize(120, 40);
        String large = tmux.waitFor(screen -> redrawn(screen, 40));
        assertThat(large.lines().toList().get(0)).hasSizeGreaterThan(100).endsWith(":" + port(large));
        assertThat(large).contains("better-ccflare TUI", "Exit").doesNotContain("Terminal too small");

        tmux.resize(30, 8);
        tmux.waitFor("Terminal too small (30x8)");
    }

    /** The home screen fully drawn for {@code rows} rows: title bar on top, help line at the bottom. */
    private static boolean redrawn(String screen, int rows) {
        List<String> lines = screen.lines().toList();
        return lines.size() == rows && lines.get(0).startsWith(" better-ccflare › Home") && lines.get(rows - 1).contains("q quit")
                && screen.contains("better-ccflare TUI") && screen.contains("Exit");
    }

    @Test
    void quitting_with_q_stops_the_server_and_restores_the_terminal() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        int port = port(tmux.screen());

        tmux.keys("q");

        String screen = tmux.waitFor("EXIT CODE 0");
        assertThat(screen).contains("better-ccflare stopped.").doesNotContain("Exception", "\tat ");
        assertThat(tmux.alternateScreen()).isFalse();
        assertThat(screen.lines().filter(line -> line.startsWith(Tmux.PROMPT.strip())).count()).isEqualTo(2);
        assertThat(ServerProbe.listening(port)).isFalse();
        tmux.type("stty -a | grep -o -- '-\\?icanon' ; echo done");
        tmux.keys("Enter");
        assertThat(tmux.waitFor(s -> s.contains("\ndone"))).contains("\nicanon");
    }

    @Test
    void ctrl_c_quits_from_any_screen_and_restores_the_terminal() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        tmux.keys("Down", "Enter");
        tmux.waitFor("better-ccflare › Accounts");

        tmux.keys("C-c");

        String screen = tmux.waitFor("EXIT CODE 0");
        assertThat(screen).contains("better-ccflare stopped.");
        assertThat(tmux.alternateScreen()).isFalse();
    }

    @Test
    void the_logs_screen_tails_the_log_pauses_and_clears() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        int port = port(tmux.screen());
        for (int i = 0; i < 5; i++) {
            tmux.keys("Down");
        }
        tmux.keys("Enter");
        String live = tmux.waitFor("Terminal UI started for http://127.0.0.1:" + port);
        assertThat(live).contains("Logs (live)").containsPattern("\\d\\d:\\d\\d:\\d\\d \\[INFO]  Terminal UI started");

        tmux.keys("Space");
        tmux.waitFor(s -> s.contains("Logs (PAUSED)") && s.lines().toList().get(29).contains("space resume"));
        tmux.keys("c");
        tmux.waitFor("No log lines yet.");
        tmux.keys("Space");
        tmux.waitFor("Logs (live)");
    }

    @Test
    void exit_in_the_menu_quits() {
        tmux = launch(tempDir, new TestEnv(tempDir), 100, 30);
        for (int i = 0; i < HomeView.ENTRIES.size() - 1; i++) {
            tmux.keys("Down");
        }
        tmux.keys("Enter");

        tmux.waitFor("EXIT CODE 0");
        assertThat(tmux.alternateScreen()).isFalse();
    }
}
