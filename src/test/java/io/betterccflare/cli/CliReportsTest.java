package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --logs}, {@code --get-model} and {@code --set-model} ({@code --analyze} runs in the housekeeping contract). */
class CliReportsTest {
    @TempDir
    Path tempDir;

    private TestEnv env;
    private Path logDir;

    @BeforeEach
    void environment() {
        logDir = tempDir.resolve("logs");
        env = new TestEnv(tempDir).with("BETTER_CCFLARE_LOG_DIR", logDir.toString());
    }

    private CliRunner.Result run(TestEnv environment, String... args) {
        return new CliRunner(environment, Clock.systemUTC()).run(args);
    }

    @Test
    void logs_prints_the_last_lines_of_the_log_file_as_level_and_message() throws Exception {
        Files.createDirectories(logDir);
        Files.writeString(logDir.resolve("app.log.1"), "{\"ts\":1,\"level\":\"DEBUG\",\"msg\":\"older file\"}\n");
        Files.writeString(logDir.resolve("app.log"), """
                {"ts":2,"level":"INFO","msg":"one","logger":"io.betterccflare.x"}
                not a log line
                {"ts":3,"level":"WARN","msg":"two"}
                {"ts":4,"level":"ERROR","msg":"three"}
                """);

        CliRunner.Result two = run(env, "--logs", "2");
        CliRunner.Result all = run(env, "--logs");

        assertThat(two.code()).isZero();
        assertThat(two.out()).isEqualTo("[WARN] two\n[ERROR] three\n");
        assertThat(all.out()).isEqualTo("[DEBUG] older file\n[INFO] one\n[WARN] two\n[ERROR] three\n");
        assertThat(all.err()).isEmpty();
    }

    @Test
    void logs_without_a_file_prints_nothing_and_a_bad_count_is_an_error() {
        CliRunner.Result empty = run(env, "--logs", "5");
        CliRunner.Result zero = run(env, "--logs", "0");
        CliRunner.Result word = run(env, "--logs", "many");

        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEmpty();
        assertThat(zero.code()).isEqualTo(1);
        assertThat(zero.err()).isEqualTo("Error: --logs needs a positive number of lines, not 0\n");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).startsWith("Error: Invalid value for option '--logs': 'many' is not an int");
    }

    @Test
    void set_model_maps_the_shorthand_saves_it_and_get_model_reads_it_back() throws Exception {
        CliRunner.Result before = run(env, "--get-model");
        CliRunner.Result set = run(env, "--set-model", "sonnet-4.5");
        CliRunner.Result after = run(env, "--get-model");

        assertThat(before.out()).isEqualTo("Current default agent model: claude-sonnet-4-20250514\n");
        assertThat(set.code()).isZero();
        assertThat(set.out()).isEqualTo("Default agent model set to: claude-sonnet-4-5-20250929\n");
        assertThat(after.out()).isEqualTo("Current default agent model: claude-sonnet-4-5-20250929\n");
        Path configFile = new TestEnv(tempDir).config().files().configFile();
        assertThat(new ObjectMapper().readTree(configFile.toFile()).path("default_agent_model").asText())
                .isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void set_model_refuses_unknown_models_and_notes_an_environment_override() {
        CliRunner.Result bad = run(env, "--set-model", "gpt-5");
        TestEnv withEnv = new TestEnv(tempDir).with("BETTER_CCFLARE_LOG_DIR", logDir.toString())
                .with("DEFAULT_AGENT_MODEL", "claude-opus-4-20250514");
        CliRunner.Result overridden = run(withEnv, "--set-model", "opus-4.1");

        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: Invalid model: gpt-5 (use one of: opus-4, sonnet-4, opus-4.1, sonnet-4.5, opus, sonnet, haiku,"
                + " or a claude-* model id)\n");
        assertThat(overridden.out()).isEqualTo("""
                Default agent model set to: claude-opus-4-1-20250805
                Note: DEFAULT_AGENT_MODEL=claude-opus-4-20250514 is set in the environment and takes precedence over the config file
                """);
        assertThat(run(withEnv, "--get-model").out()).isEqualTo("Current default agent model: claude-opus-4-20250514\n");
    }
}
