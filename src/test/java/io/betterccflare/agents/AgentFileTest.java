package io.betterccflare.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent markdown format: parsing (reference-core.md §8.1), and rewriting that keeps what it does not change. */
class AgentFileTest {
    private static final String FILE = """
            ---
            name: code-reviewer
            description: Reviews code
              for bugs and style
            custom-key: kept as is
            tools: Read, Grep,Glob
            model: sonnet
            ---

            You are a meticulous code reviewer.
            Point out bugs first.
            """;

    @Test
    void front_matter_with_continuation_lines_and_the_body_as_system_prompt() {
        Agent agent = AgentFile.parse(FILE).orElseThrow().toAgent("code-reviewer", "global", null, "/x.md").orElseThrow();

        assertThat(agent.name()).isEqualTo("code-reviewer");
        assertThat(agent.description()).isEqualTo("Reviews code for bugs and style");
        assertThat(agent.tools()).containsExactly("Read", "Grep", "Glob");
        assertThat(agent.model()).isEqualTo("sonnet");
        assertThat(agent.color()).isEqualTo("gray");
        assertThat(agent.systemPrompt()).isEqualTo("You are a meticulous code reviewer.\nPoint out bugs first.");
    }

    @Test
    void files_without_front_matter_or_without_name_or_description_define_no_agent() {
        assertThat(AgentFile.parse("# just markdown\n")).isEmpty();
        assertThat(AgentFile.parse("---\nname: x\n")).isEmpty();
        assertThat(AgentFile.parse("---\nname: x\n---\nbody").orElseThrow().toAgent("x", "global", null, "/x.md")).isEmpty();
        assertThat(AgentFile.parse("---\ndescription: d\n---\r\nbody").orElseThrow().toAgent("x", "global", null, "/x.md")).isEmpty();
    }

    @Test
    void rewriting_keeps_unknown_keys_and_their_order() {
        AgentFile edited = AgentFile.parse(FILE).orElseThrow()
                .with("model", "claude-opus-4-5-20251101").with("color", "blue").with("tools", null)
                .with("description", "Two\nlines").withBody("New prompt\r\n");

        assertThat(edited.render()).isEqualTo("""
                ---
                name: code-reviewer
                description: Two lines
                custom-key: kept as is
                model: claude-opus-4-5-20251101
                color: blue
                ---

                New prompt
                """);
        assertThat(AgentFile.parse(edited.render()).orElseThrow().frontmatter().keySet())
                .containsExactly("name", "description", "custom-key", "model", "color");
        assertThat(List.copyOf(AgentFile.COLORS)).contains("gray", "cyan");
    }
}
