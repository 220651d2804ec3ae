package io.betterccflare.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Model ids by pattern and the shorthands; glob mappings per account. */
class ModelIdsTest {
    @Test
    void shorthands_map_to_current_models_and_claude_ids_pass_by_pattern() {
        assertThat(ModelIds.canonical("opus")).isEqualTo("claude-opus-4-5-20251101");
        assertThat(ModelIds.canonical(" Sonnet ")).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(ModelIds.canonical("haiku")).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(ModelIds.canonical("claude-fable-5-20270101")).isEqualTo("claude-fable-5-20270101");
        assertThat(ModelIds.canonical("Claude-Opus-4-1")).isEqualTo("claude-opus-4-1");
    }

    @Test
    void anything_else_is_refused_with_a_message_naming_the_choices() {
        assertThatThrownBy(() -> ModelIds.canonical("gpt-4o")).hasMessage(
                "Invalid model: 'gpt-4o'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit");
        assertThatThrownBy(() -> ModelIds.canonical("claude-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelIds.canonical("claude-x y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelIds.canonical(" ")).hasMessage("Model is required");
    }

    @Test
    void inherit_and_unknown_front_matter_models_mean_no_rewrite() {
        assertThat(ModelIds.fromFrontmatter("inherit")).isNull();
        assertThat(ModelIds.fromFrontmatter(null)).isNull();
        assertThat(ModelIds.fromFrontmatter("gpt-4")).isNull();
        assertThat(ModelIds.fromFrontmatter("haiku")).isEqualTo("claude-haiku-4-5-20251001");
    }

    @Test
    void mappings_match_globs_case_insensitively_in_order() {
        var policy = new ModelMappings.Policy(new java.util.LinkedHashMap<>(java.util.Map.of()), false);
        var ordered = new java.util.LinkedHashMap<String, String>();
        ordered.put("claude-sonnet-*", "glm-4.6");
        ordered.put("claude-*-4-5*", "glm-4.5-air");
        ordered.put("claude-opus-4-1", "glm-4.5");
        policy = new ModelMappings.Policy(ordered, false);

        assertThat(policy.map("claude-sonnet-4-5-20250929")).isEqualTo("glm-4.6");
        assertThat(policy.map("CLAUDE-HAIKU-4-5")).isEqualTo("glm-4.5-air");
        assertThat(policy.map("claude-opus-4-1")).isEqualTo("glm-4.5");
        assertThat(policy.map("claude-opus-4-1-20250805")).isEqualTo("claude-opus-4-1-20250805");
        assertThat(new ModelMappings.Policy(ordered, true).map("claude-sonnet-4")).isEqualTo("claude-sonnet-4");
        assertThat(ModelMappings.Policy.matches("a*b*c", "abc")).isTrue();
        assertThat(ModelMappings.Policy.matches("a*a", "a")).isFalse();
    }
}
