package io.betterccflare.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming scan of a Messages body and the byte-exact model replacement. */
class RequestModelTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void model_anywhere_in_the_object_is_replaced_and_every_other_byte_kept() {
        String body = "{ \"max_tokens\" : 5,\n  \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 \\\"model\\\": x\"}],"
                + "\n  \"model\" :\t\"claude-sonnet-4-5\" , \"metadata\":{\"model\":\"keep\"}, \"zeta\": [1,2.50,null] }";
        RequestModel scanned = RequestModel.scan(bytes(body));

        assertThat(scanned.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(new String(scanned.withModel(bytes(body), "glm-4.6"), StandardCharsets.UTF_8))
                .isEqualTo(body.replace("\"claude-sonnet-4-5\"", "\"glm-4.6\""));
    }

    @Test
    void an_escaped_model_value_is_replaced_whole() {
        String body = "{\"model\":\"claude-\\u0073onnet-4\\\"x\",\"stream\":true}";
        RequestModel scanned = RequestModel.scan(bytes(body));

        assertThat(scanned.model()).isEqualTo("claude-sonnet-4\"x");
        assertThat(new String(scanned.withModel(bytes(body), "claude-opus-4-5"), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"claude-opus-4-5\",\"stream\":true}");
    }

    @Test
    void multibyte_text_before_the_model_keeps_offsets_in_bytes() {
        String body = "{\"system\":\"日本語 ✓ 😀\",\"model\":\"claude-haiku-4-5\"}";
        RequestModel scanned = RequestModel.scan(bytes(body));

        assertThat(new String(scanned.withModel(bytes(body), "opus"), StandardCharsets.UTF_8))
                .isEqualTo("{\"system\":\"日本語 ✓ 😀\",\"model\":\"opus\"}");
        assertThat(scanned.prompt()).isEqualTo("日本語 ✓ 😀");
    }

    @Test
    void prompt_joins_system_blocks_a_system_message_and_the_claude_md_reminder() {
        String body = """
                {"model":"claude-sonnet-4-5","system":[{"type":"text","text":"You are Claude Code."},
                {"type":"text","text":"You review code."},{"type":"image","source":{}}],
                "messages":[{"role":"system","content":"Be terse."},
                {"role":"user","content":[{"type":"text","text":"<system-reminder>Contents of /p/CLAUDE.md: rules</system-reminder>"},
                {"type":"text","text":"hi"}]},{"role":"user","content":"Contents of /q/CLAUDE.md later"}]}""";

        assertThat(RequestModel.scan(bytes(body)).prompt()).isEqualTo(
                "You are Claude Code.\nYou review code.\n\nBe terse.\n\n"
                        + "<system-reminder>Contents of /p/CLAUDE.md: rules</system-reminder>\nhi");
    }

    @Test
    void a_first_user_message_without_the_reminder_is_not_part_of_the_prompt() {
        RequestModel scanned = RequestModel.scan(bytes("{\"messages\":[{\"role\":\"user\",\"content\":\"You review code.\"}],\"model\":\"m\"}"));

        assertThat(scanned.prompt()).isEmpty();
    }

    @Test
    void bodies_that_are_not_json_objects_are_not_scanned() {
        assertThat(RequestModel.scan(bytes(""))).isNull();
        assertThat(RequestModel.scan(bytes("[1]"))).isNull();
        assertThat(RequestModel.scan(bytes("{\"model\":"))).isNull();
        assertThat(RequestModel.scan(new byte[] {0x1f, (byte) 0x8b, 8})).isNull();
        assertThat(RequestModel.scan(bytes("{\"model\":7}")).model()).isNull();
    }
}
