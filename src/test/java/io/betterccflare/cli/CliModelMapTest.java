package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set-model-map NAME PATTERN=MODEL} and {@code --serve-requested-model NAME on|off} (issue 14). */
class CliModelMapTest {
    @TempDir
    Path tempDir;

    @Test
    void mappings_are_set_listed_removed_and_stored_for_the_proxy() {
        TestEnv env = new TestEnv(tempDir);
        CliRunner cli = new CliRunner(env, Clock.systemUTC());
        assertThat(cli.run("--add-account", "zai", "--mode", "zai", "--api-key", "zai-key-0123456789abcdef").code()).isZero();

        CliRunner.Result set = cli.run("--set-model-map", "zai", "claude-sonnet-*=glm-4.6");
        assertThat(set.code()).isZero();
        assertThat(set.out()).isEqualTo("Model mappings for account 'zai':\n  claude-sonnet-* -> glm-4.6\n");
        cli.run("--set-model-map", "zai", "claude-opus-*=glm-4.5");
        assertThat(cli.run("--serve-requested-model", "zai", "on").out())
                .contains("(serves only the requested model: mappings are not applied)");
        assertThat(cli.run("--set-model-map", "zai", "claude-sonnet-*=").out())
                .endsWith("zai' (serves only the requested model: mappings are not applied):\n  claude-opus-* -> glm-4.5\n");

        try (App app = App.open(env.config(), Clock.systemUTC())) {
            var policy = app.modelMappings().policy(app.accounts().find("zai").id());
            assertThat(policy.mappings()).containsExactly(java.util.Map.entry("claude-opus-*", "glm-4.5"));
            assertThat(policy.serveRequestedOnly()).isTrue();
        }
    }

    @Test
    void bad_input_is_one_line_and_exit_1() {
        CliRunner cli = new CliRunner(new TestEnv(tempDir), Clock.systemUTC());
        cli.run("--add-account", "zai", "--mode", "zai", "--api-key", "zai-key-0123456789abcdef");

        CliRunner.Result noEquals = cli.run("--set-model-map", "zai", "claude-sonnet-4");
        assertThat(noEquals.code()).isEqualTo(1);
        assertThat(noEquals.err()).isEqualTo("Error: Invalid mapping 'claude-sonnet-4': use PATTERN=MODEL, for example claude-sonnet-*=glm-4.6\n");
        assertThat(cli.run("--set-model-map", "zai", "claude sonnet=glm").err())
                .isEqualTo("Error: Invalid model pattern 'claude sonnet': use model-name characters and * (for example claude-sonnet-*)\n");
        assertThat(cli.run("--set-model-map", "nobody", "a=b").code()).isEqualTo(1);
        assertThat(cli.run("--serve-requested-model", "zai", "maybe").err())
                .isEqualTo("Error: Invalid value 'maybe' for --serve-requested-model: use on or off\n");
    }
}
