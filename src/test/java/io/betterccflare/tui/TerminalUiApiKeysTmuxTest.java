package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.cli.CliRunner;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 in the terminal UI of the real program in tmux: generate an admin and an api-only key (each shown once),
 * see them listed (and in {@code --list-api-keys}), keep using every screen once keys are on, and revoke one after
 * typing its name. The generated key works against the server's API; no key does not.
 */
class TerminalUiApiKeysTmuxTest {
    private static final Pattern KEY = Pattern.compile("(btr-[A-Za-z0-9_-]{43})");

    @TempDir
    Path tempDir;

    private Tmux tmux;

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
    }

    @Test
    void keys_are_generated_listed_and_revoked_from_the_tui() {
        TestEnv env = new TestEnv(tempDir);
        tmux = TerminalUiTmuxTest.launch(tempDir, env, 100, 30);
        int port = TerminalUiTmuxTest.port(tmux.waitFor("account(s)"));
        for (int i = 0; i < TerminalUiTmuxTest.menuIndex("API Keys"); i++) {
            tmux.keys("Down");
        }
        tmux.keys("Enter");
        tmux.waitFor("No API keys: the proxy, API and dashboard are open to every local client.");

        tmux.keys("g");
        tmux.waitFor("Name: ");
        tmux.type("root");
        tmux.keys("Enter");
        String generated = tmux.waitFor(s -> s.contains("API key 'root' generated (role admin)")
                && s.contains("will not be shown again") && s.contains("Esc back"));
        Matcher matcher = KEY.matcher(generated);
        assertThat(matcher.find()).as(generated).isTrue();
        String rootKey = matcher.group(1);
        tmux.keys("Escape");
        tmux.waitFor(s -> s.contains("1 API key(s)") && s.contains("btr-…" + rootKey.substring(rootKey.length() - 8)));

        ApiClient api = new ApiClient(port);
        assertThat(api.get("/api/accounts").status()).isEqualTo(401);
        assertThat(api.withHeader("x-api-key", rootKey).get("/api/accounts").status()).isEqualTo(200);

        tmux.keys("g");
        tmux.waitFor("Name: ");
        tmux.type("ci");
        tmux.keys("Tab");
        tmux.waitFor("Role: api-only");
        tmux.keys("Enter");
        tmux.waitFor("API key 'ci' generated (role api-only)");
        tmux.keys("Escape");
        tmux.waitFor(s -> s.contains("2 API key(s)") && s.matches("(?s).*ci\\s+api-only.*"));
        CliRunner.Result listed = new CliRunner(env, Clock.systemUTC()).run("--list-api-keys");
        assertThat(listed.out()).contains("root").contains("ci").doesNotContain(rootKey);

        tmux.keys("Down", "d");
        tmux.waitFor("Revoke API key 'ci'?");
        tmux.type("c");
        tmux.keys("Enter");
        tmux.waitFor("The name does not match 'ci'; nothing revoked");
        tmux.keys("C-u");
        tmux.type("ci");
        tmux.keys("Enter");
        tmux.waitFor(s -> s.contains("API key 'ci' revoked") && s.contains("1 API key(s)"));

        tmux.keys("q");
        String home = tmux.waitFor("better-ccflare › Home");
        assertThat(home).doesNotContain("strategy null");
        for (int i = TerminalUiTmuxTest.menuIndex("View Statistics"); i < TerminalUiTmuxTest.menuIndex("API Keys"); i++) {
            tmux.keys("Up");
        }
        tmux.keys("Enter");
        tmux.waitFor("Statistics Dashboard");
    }
}
