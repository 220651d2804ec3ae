package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 by the command line: generate (printed once), list, set limits and role, revoke, and the errors. */
class CliApiKeysTest {
    @TempDir
    Path tempDir;

    @Test
    void keys_are_generated_listed_limited_and_revoked() {
        CliRunner cli = new CliRunner(new TestEnv(tempDir), Clock.systemUTC());
        CliRunner.Result empty = cli.run("--list-api-keys");
        assertThat(empty.out()).isEqualTo("No API keys: the proxy, API and dashboard are open to every local client\n");

        CliRunner.Result root = cli.run("--generate-api-key", "root");
        assertThat(root.code()).isZero();
        String secret = root.out().lines().filter(line -> line.startsWith("Key: ")).findFirst().orElseThrow().substring(5);
        assertThat(secret).startsWith("btr-");
        assertThat(root.out()).startsWith("API key 'root' generated (role admin)\n").contains("will not be shown again");

        CliRunner.Result ci = cli.run("--generate-api-key", "ci", "--role", "api-only", "--allow-models",
                "claude-opus-*,claude-sonnet-*", "--max-concurrent", "2", "--rpm", "30", "--tokens-per-5h", "100000",
                "--tokens-per-day", "500000", "--expires", "2027-01-31");
        assertThat(ci.out()).contains("Limits: models claude-opus-*,claude-sonnet-*, max-concurrent 2, rpm 30, "
                + "tokens-per-5h 100000, tokens-per-day 500000, expires 2027-02-01T00:00:00Z");

        CliRunner.Result list = cli.run("--list-api-keys");
        assertThat(list.out()).doesNotContain(secret).contains("root").contains("admin")
                .contains("btr-…" + secret.substring(secret.length() - 8));
        assertThat(list.out().lines().filter(line -> line.startsWith("ci ")).findFirst().orElseThrow())
                .contains("api-only").contains("rpm 30");

        CliRunner.Result changed = cli.run("--set-api-key-limits", "ci", "--rpm", "none", "--max-concurrent", "4");
        assertThat(changed.out()).isEqualTo("API key 'ci' updated (role api-only, limits: models claude-opus-*,claude-sonnet-*, "
                + "max-concurrent 4, tokens-per-5h 100000, tokens-per-day 500000, expires 2027-02-01T00:00:00Z)\n");

        CliRunner.Result lastAdmin = cli.run("--revoke-api-key", "root");
        assertThat(lastAdmin.code()).isEqualTo(1);
        assertThat(lastAdmin.err()).isEqualTo("Error: Cannot revoke 'root': it is the last admin key (generate another admin"
                + " key first, or revoke the api-only keys)\n");
        assertThat(cli.run("--revoke-api-key", "ci").out()).isEqualTo("API key 'ci' revoked\n");
        assertThat(cli.run("--revoke-api-key", "ci").err()).isEqualTo("Error: API key 'ci' not found\n");
    }

    @Test
    void bad_input_is_one_line_and_a_non_zero_exit() {
        CliRunner cli = new CliRunner(new TestEnv(tempDir), Clock.systemUTC());
        assertThat(cli.run("--generate-api-key", "ci", "--role", "api-only").err())
                .isEqualTo("Error: The first API key must have the admin role: once a key exists, only admin keys may manage the server\n");
        CliRunner.Result role = cli.run("--generate-api-key", "x", "--role", "owner");
        assertThat(role.code()).isEqualTo(1);
        assertThat(role.err()).isEqualTo("Error: Invalid role 'owner': use admin or api-only\n");
        assertThat(cli.run("--generate-api-key", "x", "--rpm", "fast").err())
                .isEqualTo("Error: rpm must be a positive integer or none, not 'fast'\n");
        assertThat(cli.run("--generate-api-key", "x", "--rpm", "0").err()).isEqualTo("Error: rpm must be a positive integer\n");
        assertThat(cli.run("--generate-api-key", "x", "--expires", "soon").err())
                .isEqualTo("Error: expiresAt must be a date (2027-01-31), an ISO instant or epoch milliseconds, not 'soon'\n");
        assertThat(cli.run("--list-api-keys").out()).startsWith("No API keys");
    }
}
