package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selection, text input, the log buffer and the status line. */
class WidgetsTest {
    @Test
    void selection_clamps_pages_and_follows_a_shrinking_list() {
        Selection selection = new Selection();
        selection.resize(25);
        selection.up();
        assertThat(selection.index()).isZero();
        selection.page(1, 10);
        assertThat(selection.index()).isEqualTo(10);
        assertThat(selection.page(10)).isEqualTo(2);
        assertThat(selection.pages(10)).isEqualTo(3);
        selection.page(1, 10);
        selection.page(1, 10);
        assertThat(selection.index()).isEqualTo(20);
        assertThat(selection.pageStart(10)).isEqualTo(20);
        for (int i = 0; i < 10; i++) {
            selection.down();
        }
        assertThat(selection.index()).isEqualTo(24);
        selection.page(-1, 10);
        assertThat(selection.index()).isEqualTo(10);
        selection.resize(3);
        assertThat(selection.index()).isEqualTo(2);
        selection.resize(0);
        assertThat(selection.index()).isZero();
        assertThat(selection.pages(10)).isEqualTo(1);
    }

    @Test
    void text_input_edits_masks_secrets_and_keeps_the_tail_visible() {
        TextInput input = new TextInput(5, false);
        for (char c : "abcdefg".toCharArray()) {
            input.edit(KeyStroke.fromString(String.valueOf(c)));
        }
        assertThat(input.value()).isEqualTo("abcde");
        assertThat(input.edit(new KeyStroke(KeyType.Backspace))).isTrue();
        assertThat(input.value()).isEqualTo("abcd");
        assertThat(input.display(3)).isEqualTo("cd█");
        assertThat(input.edit(new KeyStroke(KeyType.ArrowUp))).isFalse();
        assertThat(input.edit(new KeyStroke('u', true, false))).isTrue();
        assertThat(input.value()).isEmpty();

        TextInput secret = new TextInput(100, true);
        secret.set("sk-secret");
        assertThat(secret.display(40)).isEqualTo("•••••••••█").doesNotContain("sk");
    }

    private static ApiRecords.LogEvent log(int i) {
        return new ApiRecords.LogEvent(i, "INFO", "line " + i);
    }

    @Test
    void log_buffer_keeps_the_newest_200_holds_lines_while_paused_and_clears() {
        LogBuffer buffer = new LogBuffer();
        for (int i = 0; i < 250; i++) {
            buffer.add(log(i));
        }
        assertThat(buffer.size()).isEqualTo(LogBuffer.CAPACITY);
        assertThat(buffer.tail(2)).extracting(ApiRecords.LogEvent::msg).containsExactly("line 248", "line 249");

        assertThat(buffer.togglePause()).isTrue();
        buffer.add(log(250));
        assertThat(buffer.tail(1)).extracting(ApiRecords.LogEvent::msg).containsExactly("line 249");
        assertThat(buffer.togglePause()).isFalse();
        assertThat(buffer.tail(1)).extracting(ApiRecords.LogEvent::msg).containsExactly("line 250");

        buffer.clear();
        assertThat(buffer.tail(10)).isEmpty();
        buffer.addAll(List.of(log(1), log(2)));
        assertThat(buffer.tail(10)).hasSize(2);
    }

    @Test
    void status_messages_expire_after_ten_seconds() {
        StatusLine status = new StatusLine();
        status.error("boom", 1_000);
        assertThat(status.current(10_999).text()).isEqualTo("boom");
        assertThat(status.current(10_999).error()).isTrue();
        assertThat(status.current(11_000)).isNull();
        status.info("ok", 0);
        status.clear();
        assertThat(status.current(0)).isNull();
    }
}
