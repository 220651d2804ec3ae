package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.cli.CliRunner;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void lockouts_show_their_window_and_a_countdown_that_ticks() throws Exception {
        try (FakeAnthropic upstream = FakeAnthropic.start()) {
            TestEnv env = new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", upstream.baseUrl());
            CliRunner.Result added = new CliRunner(env, Clock.systemUTC())
                    .run("--add-account", "work", "--mode", "console", "--api-key", "sk-ant-api03-tui-lockout-0123456789");
            assertThat(added.code()).as(added.err()).isZero();
            tmux = TerminalUiTmuxTest.launch(tempDir, env, 120, 30);
            int port = TerminalUiTmuxTest.port(tmux.screen());
            long now = System.currentTimeMillis() / 1000;
            // A per-family weekly scope keeps only that family off the account (issue 11 part 2)...
            upstream.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                    .withWindow("5h", "allowed", now + 3_600).withWindow("7d", "allowed_warning", now + 4 * 86_400)
                    .withWindow("7d_oi", "rejected", now + 2 * 86_400));
            assertThat(send(port, "claude-fable-5")).isEqualTo(429);
            // ...and a spent 5-hour window benches the whole account until that window resets (part 1).
            upstream.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                    .withAggregate("rejected", now + 4 * 86_400, "seven_day")
                    .withWindow("5h", "rejected", now + 3_600).withWindow("7d", "allowed", now + 4 * 86_400));
            assertThat(send(port, "claude-sonnet-4-5-20250929")).isEqualTo(429);

            tmux.keys("Down", "Enter");
            Pattern lockouts = Pattern.compile("Locked out: account \\(5h\\) 00:(\\d\\d):(\\d\\d) · fable \\(7d_oi\\) 1d 23:\\d\\d:\\d\\d");
            Matcher first = lockouts.matcher(tmux.waitFor(screen -> lockouts.matcher(screen).find()));
            assertThat(first.find()).isTrue();
            int firstLeft = Integer.parseInt(first.group(1)) * 60 + Integer.parseInt(first.group(2));
            assertThat(firstLeft).isBetween(50 * 60, 60 * 60);
            // The countdown ticks on its own, without a key press.
            tmux.waitFor(screen -> {
                Matcher later = lockouts.matcher(screen);
                return later.find() && Integer.parseInt(later.group(1)) * 60 + Integer.parseInt(later.group(2)) < firstLeft;
            });
        }
    }

    private static int send(int port, String model) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
