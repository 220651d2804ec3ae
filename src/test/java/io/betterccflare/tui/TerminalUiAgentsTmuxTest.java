package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: the Agents screen of the real program in tmux lists the agent files and changes an agent's model. */
class TerminalUiAgentsTmuxTest {
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
    void the_agents_screen_lists_agents_cycles_tabs_and_sets_the_model_their_requests_use() throws Exception {
        Path agents = tempDir.resolve("agents");
        Files.createDirectories(agents);
        Files.writeString(agents.resolve("reviewer.md"), "---\nname: code-reviewer\ndescription: Reviews code for bugs\n---\n\nYou review.\n");
        tmux = TerminalUiTmuxTest.launch(tempDir, new TestEnv(tempDir).with("BETTER_CCFLARE_AGENTS_DIR", agents.toString()), 120, 30);
        int port = TerminalUiTmuxTest.port(tmux.screen());
        for (int i = 0; i < TerminalUiTmuxTest.menuIndex("Agents"); i++) {
            tmux.keys("Down");
        }
        tmux.keys("Enter");

        String listed = tmux.waitFor(s -> s.contains("better-ccflare › Agents") && s.contains("code-reviewer"));
        assertThat(listed).containsPattern("▶ code-reviewer\\s+global\\s+inherit \\(client's model\\)\\s+Reviews code for bugs")
                .contains("[All]", "Default agent model: claude-sonnet-4-20250514", "m next model");

        tmux.keys("m");
        tmux.waitFor(s -> s.contains("code-reviewer requests use: claude-opus-4-5-20251101")
                && s.matches("(?s).*code-reviewer\\s+global\\s+claude-opus-4-5-20251101.*"));
        assertThat(new ApiClient(port).get("/api/agents").json().get("agents").get(0).get("preferredModel").asText())
                .isEqualTo("claude-opus-4-5-20251101");

        tmux.keys("Enter");
        tmux.waitFor(s -> s.contains("better-ccflare › Agents › Requests") && s.contains("(live) · agent reviewer") && s.contains("No requests yet"));
        tmux.keys("Escape");
        tmux.waitFor("better-ccflare › Agents");
        tmux.keys("Tab");
        tmux.waitFor(s -> s.contains("[Global]") && s.contains("code-reviewer"));
        tmux.keys("Tab");
        String workspace = tmux.waitFor(s -> s.contains("[Workspace]") && s.contains("No agents."));
        assertThat(workspace).doesNotContain("Exception");
        tmux.keys("q");
        tmux.waitFor("better-ccflare › Home");
    }
}
