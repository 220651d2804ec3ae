package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: accounts managed from the terminal UI of the real program in tmux (add, pause, priority,
 * remove) are what {@code better-ccflare --list} then shows from the same data directory.
 */
class TerminalUiAccountsTmuxTest {
    @TempDir
    Path tempDir;

    private Tmux tmux;

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
    }

    private String list(TestEnv env) {
        CliRunner.Result result = new CliRunner(env, Clock.systemUTC()).run("--list");
        assertThat(result.code()).as(result.err()).isZero();
        return result.out();
    }

    private static String help(String screen) {
        return screen.lines().toList().getLast();
    }

    @Test
    void an_account_added_paused_and_reprioritised_in_the_tui_shows_in_list_and_removal_needs_the_typed_name() {
        TestEnv env = new TestEnv(tempDir);
        tmux = TerminalUiTmuxTest.launch(tempDir, env, 100, 30);
        tmux.keys("Down", "Enter");
        tmux.waitFor("No accounts yet. Press a to add one.");

        tmux.keys("a");
        tmux.waitFor("Account name: ");
        tmux.type("tui glm");
        tmux.keys("Enter");
        tmux.waitFor("z.ai (API key)");
        tmux.keys("Down", "Down", "Enter");
        tmux.waitFor("Tier 20");
        tmux.keys("Enter");
        tmux.waitFor("API key: ");
        tmux.type("zai-tui-test-0123456789abcdef");
        String typing = tmux.waitFor("•••••");
        assertThat(typing).doesNotContain("zai-tui-test");
        tmux.keys("Enter");
        String added = tmux.waitFor(s -> s.contains("1 account(s) configured") && s.contains("Account 'tui glm' added"));
        assertThat(added).containsPattern("▶ tui glm\\s+1\\s+0 active\\s+OK");

        tmux.keys("Space");
        String paused = tmux.waitFor("Account 'tui glm' paused");
        tmux.waitFor(s -> s.matches("(?s).*tui glm\\s+1\\s+0 paused.*"));
        assertThat(paused).doesNotContain("Exception");

        tmux.keys("Enter");
        tmux.waitFor("Set Account Priority: tui glm");
        tmux.keys("BSpace");
        tmux.type("101");
        tmux.keys("Enter");
        tmux.waitFor(PriorityView.INVALID);
        tmux.keys("BSpace", "BSpace", "BSpace");
        tmux.type("42");
        tmux.keys("Enter");
        tmux.waitFor(s -> s.contains("Priority of 'tui glm' set to 42") && s.matches("(?s).*tui glm\\s+1\\s+42 paused.*"));

        assertThat(list(env)).containsPattern("tui glm\\s+zai/zai\\s+42\\s+1x\\s+OK\\s+yes");
        // The account's own proxy (issue 10 part 8), set from the CLI, shows masked in the details.
        CliRunner.Result proxied = new CliRunner(env, Clock.systemUTC()).run("--set-proxy", "tui glm", "http://corp:s3cret@proxy.corp.example:3128");
        assertThat(proxied.code()).as(proxied.err()).isZero();
        assertThat(tmux.waitFor("Proxy: http://****@proxy.corp.example:3128")).doesNotContain("s3cret");

        tmux.keys("d");
        tmux.waitFor("Remove account 'tui glm'?");
        tmux.type("tui");
        tmux.keys("Enter");
        tmux.waitFor("The name does not match 'tui glm'; nothing removed");
        assertThat(list(env)).contains("tui glm");
        tmux.keys("C-u");
        tmux.type("tui glm");
        tmux.keys("Enter");
        String removed = tmux.waitFor(s -> s.contains("Account 'tui glm' removed") && s.contains("0 account(s) configured"));
        assertThat(help(removed)).contains("a add");
        assertThat(list(env)).isEqualTo("No accounts configured" + System.lineSeparator());
    }

    /** The authorize URL as drawn (wrapped, one chunk per line, starting at column 2) put back together. */
    private static String authUrl(String screen) {
        List<String> lines = screen.lines().toList();
        int start = 0;
        while (!lines.get(start).contains("this URL")) {
            start++;
        }
        StringBuilder url = new StringBuilder();
        for (int i = start + 1; !lines.get(i).contains("Then paste the code"); i++) {
            url.append(lines.get(i).strip());
        }
        return url.toString();
    }

    @Test
    void a_claude_max_account_is_added_with_the_oauth_code_paste_flow() {
        try (FakeOAuth oauth = new FakeOAuth()) {
            TestEnv env = new TestEnv(tempDir)
                    .with("BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString())
                    .with("BETTER_CCFLARE_ANTHROPIC_URL", oauth.uri().toString());
            tmux = TerminalUiTmuxTest.launch(tempDir, env, 100, 30);
            tmux.keys("Down", "Enter");
            tmux.waitFor("No accounts yet");
            tmux.keys("a");
            tmux.waitFor("Account name: ");
            tmux.type("tui max");
            tmux.keys("Enter");
            tmux.waitFor("Claude Max (OAuth, recommended)");
            tmux.keys("Enter");
            tmux.waitFor("Tier 5");
            tmux.keys("Down", "Enter");

            String authorize = tmux.waitFor(s -> s.contains("Complete Authentication") && s.contains("Authorization code: "));
            String url = authUrl(authorize);
            assertThat(url).startsWith(oauth.uri() + "/cai/oauth/authorize?code=true&client_id=").contains("code_challenge_method=S256");
            tmux.type("not-a-code#wrong");
            tmux.keys("Enter");
            String refused = tmux.waitFor(s -> s.lines().toList().get(28).strip().length() > 0);
            assertThat(refused).contains("Complete Authentication").doesNotContain("Exception");

            tmux.keys("C-u");
            tmux.type(oauth.authorize(url));
            tmux.keys("Enter");
            String added = tmux.waitFor(s -> s.contains("Account 'tui max' added successfully!") && s.contains("1 account(s) configured"));
            assertThat(added).containsPattern("▶ tui max\\s+5\\s+0 active");
            assertThat(list(env)).containsPattern("tui max\\s+anthropic/max\\s+0\\s+5x");
        }
    }

    @Test
    void escape_cancels_adding_and_api_errors_show_on_the_status_line() {
        TestEnv env = new TestEnv(tempDir);
        tmux = TerminalUiTmuxTest.launch(tempDir, env, 100, 30);
        tmux.keys("Down", "Enter");
        tmux.waitFor("No accounts yet");

        tmux.keys("a");
        tmux.waitFor("Account name: ");
        tmux.keys("Enter");
        tmux.waitFor("Account name is required");
        tmux.type("bad/name");
        tmux.keys("Enter", "Down", "Down", "Enter", "Enter");
        tmux.waitFor("API key: ");
        tmux.type("zai-0123456789abcdef");
        tmux.keys("Enter");
        String rejected = tmux.waitFor("name has an invalid format: use letters, digits, spaces and - _ @ . + only");
        assertThat(rejected.lines().toList().get(28)).isEqualTo(" name has an invalid format: use letters, digits, spaces and - _ @ . + only");
        assertThat(rejected).doesNotContain("Exception", "\tat ");
        tmux.keys("Escape");
        tmux.waitFor("No accounts yet");
        assertThat(list(env)).isEqualTo("No accounts configured" + System.lineSeparator());
    }
}
