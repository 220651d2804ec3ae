package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account flags of the CLI, run against SQLite and PostgreSQL by the subclasses. Every failure must
 * be one line on stderr, a non-zero exit, and leave the stored accounts exactly as they were.
 */
abstract class CliAccountsContract {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tempDir;

    CliRunner cli;

    /** Adds what selects the database under test. */
    protected abstract TestEnv database(TestEnv env);

    @BeforeEach
    void setUp() {
        cli = new CliRunner(database(new TestEnv(tempDir)), CLOCK);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result result = cli.run(args);
        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        return result;
    }

    private void failsWithoutChange(String expectedError, String... args) {
        String before = ok("--list").out();
        CliRunner.Result result = cli.run(args);
        assertThat(result.code()).isNotZero();
        assertThat(result.err()).isEqualTo("Error: " + expectedError + System.lineSeparator());
        assertThat(ok("--list").out()).isEqualTo(before);
    }

    @Test
    void add_console_account_then_list_shows_it_with_the_key_masked() {
        CliRunner.Result added = ok("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789", "--priority", "5");

        assertThat(added.out()).isEqualTo("Account 'a' added successfully (anthropic, console mode, priority 5, key sk-ant-…6789)"
                + System.lineSeparator());
        String list = ok("--list").out();
        assertThat(list).contains("a ", "anthropic/console", "5 ", "1x", "OK", "key sk-ant-…6789");
        assertThat(list).doesNotContain("sk-ant-api03-test-0123456789");
    }

    @Test
    void empty_list_says_so() {
        assertThat(ok("--list").out()).isEqualTo("No accounts configured" + System.lineSeparator());
    }

    @Test
    void zai_and_anthropic_compatible_accounts_are_added_with_their_endpoints() {
        ok("--add-account", "glm", "--mode", "zai", "--api-key", "zai-key-0123456789abcdef", "--tier", "5");
        ok("--add-account", "other", "--mode", "anthropic-compatible", "--api-key", "key-0123456789abcdef",
                "--endpoint", "http://127.0.0.1:9/anthropic/");

        String list = ok("--list").out();
        assertThat(list).contains("zai/zai", "5x", "anthropic-compatible/anthropic-compatible");
    }

    @Test
    void pause_resume_set_priority_and_remove_round_trip() {
        ok("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789");

        assertThat(ok("--pause", "a").out()).isEqualTo("Account 'a' paused successfully" + System.lineSeparator());
        assertThat(ok("--list").out()).containsPattern("a\\s+anthropic/console\\s+0\\s+1x\\s+OK\\s+yes");
        failsWithoutChange("Account 'a' is already paused", "--pause", "a");
        assertThat(ok("--resume", "a").out()).isEqualTo("Account 'a' resumed successfully" + System.lineSeparator());
        failsWithoutChange("Account 'a' is already resumed", "--resume", "a");
        assertThat(ok("--set-priority", "a", "42").out()).isEqualTo("Account 'a' priority set to 42" + System.lineSeparator());
        assertThat(ok("--list").out()).containsPattern("a\\s+anthropic/console\\s+42\\s");
        assertThat(ok("--remove", "a", "--force").out()).isEqualTo("Account 'a' removed successfully" + System.lineSeparator());
        assertThat(ok("--list").out()).isEqualTo("No accounts configured" + System.lineSeparator());
    }

    @Test
    void remove_asks_on_a_terminal_and_refuses_without_one() {
        ok("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789");

        failsWithoutChange("Refusing to remove 'a' without confirmation: no terminal to ask on (add --force)", "--remove", "a");

        var wrongAnswer = new ScriptedTerminal(true, "b");
        CliRunner.Result refused = cli.run(wrongAnswer, "--remove", "a");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("Error: Not removed: the confirmation did not match 'a'" + System.lineSeparator());
        assertThat(ok("--list").out()).contains("anthropic/console");

        var terminal = new ScriptedTerminal(true, "a");
        CliRunner.Result removed = cli.run(terminal, "--remove", "a");
        assertThat(removed.code()).isZero();
        assertThat(terminal.prompts()).containsExactly("Remove account 'a'? Type its name to confirm: ");
        assertThat(ok("--list").out()).isEqualTo("No accounts configured" + System.lineSeparator());
    }

    @Test
    void api_key_is_asked_for_at_a_hidden_prompt_on_a_terminal() {
        var terminal = new ScriptedTerminal(true, "sk-ant-api03-typed-0123456789");

        CliRunner.Result result = cli.run(terminal, "--add-account", "typed", "--mode", "zai");

        assertThat(result.code()).isZero();
        assertThat(terminal.prompts()).containsExactly("Enter the API key for 'typed': ");
        assertThat(ok("--list").out()).contains("key sk-ant-…6789");
    }

    /** Issue 10 part 8: an account's own proxy from --add-account and --set-proxy, masked in --list, refused when bad, removed with off. */
    @Test
    void proxy_is_set_on_add_and_later_masked_in_the_list_and_removed() {
        CliRunner.Result added = ok("--add-account", "egress", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789",
                "--proxy", "http://corp:s3cret@proxy.corp.example:3128");
        assertThat(added.out()).endsWith("Account 'egress' proxy set to http://****@proxy.corp.example:3128" + System.lineSeparator());
        ok("--add-account", "direct", "--mode", "zai", "--api-key", "zai-key-0123456789abcdef");

        String list = ok("--list").out();
        assertThat(list).endsWith("Proxy of 'egress': http://****@proxy.corp.example:3128" + System.lineSeparator())
                .doesNotContain("s3cret").doesNotContain("Proxy of 'direct'");
        assertThat(ok("--set-proxy", "direct", "https://regional.example:8443").out())
                .isEqualTo("Account 'direct' proxy set to https://regional.example:8443" + System.lineSeparator());
        assertThat(ok("--list").out()).contains("Proxy of 'direct': https://regional.example:8443");

        failsWithoutChange("proxyUrl must be an http:// or https:// URL (SOCKS proxies are not supported)",
                "--set-proxy", "direct", "socks5://127.0.0.1:1080");
        failsWithoutChange("proxyUrl must not contain control characters (line breaks, tabs, NUL)",
                "--set-proxy", "direct", "http://u:p\r\n@h:1");
        failsWithoutChange("proxyUrl must not have a path, query or fragment (expected http://[user:password@]host:port)",
                "--add-account", "b", "--mode", "zai", "--api-key", "k-0123456789abcdef", "--proxy", "http://h:1/x");
        failsWithoutChange("Account 'ghost' not found", "--set-proxy", "ghost", "off");
        failsWithoutChange("option '--set-proxy' at index 0 (NAME URL|off) requires at least 2 values, but only 1 were specified: [direct]"
                        + " (see better-ccflare --help)",
                "--set-proxy", "direct");

        assertThat(ok("--set-proxy", "egress", "off").out()).isEqualTo("Proxy removed for account 'egress'" + System.lineSeparator());
        assertThat(ok("--set-proxy", "direct", "").out()).isEqualTo("Proxy removed for account 'direct'" + System.lineSeparator());
        assertThat(ok("--list").out()).doesNotContain("Proxy of");
    }

    /** Issue 10: control characters in a name, key or endpoint are refused with one line, whatever else. */
    @Test
    void control_characters_are_refused_in_names_keys_and_endpoints() {
        ok("--add-account", "a", "--mode", "console", "--api-key", "k-0123456789abcdef");
        String controlled = " must not contain control characters (line breaks, tabs, NUL)";
        for (String bad : new String[] {"\r\n", "\n", "\u0000", "\t", "\u007f"}) {
            failsWithoutChange("apiKey" + controlled, "--add-account", "b", "--mode", "console", "--api-key", "sk-a" + bad + "x: 1");
            failsWithoutChange("name" + controlled, "--add-account", "b" + bad + "c", "--mode", "console", "--api-key", "k-1");
            failsWithoutChange("endpoint" + controlled,
                    "--add-account", "b", "--mode", "anthropic-compatible", "--api-key", "k-1", "--endpoint", "https://h.example/" + bad);
            failsWithoutChange("Account 'a?b' not found", "--pause", "a" + bad.substring(bad.length() - 1) + "b");
        }
    }

    @Test
    void bad_input_is_one_line_a_non_zero_exit_and_no_change() {
        ok("--add-account", "a", "--mode", "console", "--api-key", "sk-ant-api03-test-0123456789");

        failsWithoutChange("Unknown option: '--bogus' (see better-ccflare --help)", "--bogus");
        failsWithoutChange("Missing required parameter for option '--pause' (NAME) (see better-ccflare --help)", "--pause");
        failsWithoutChange("tier must be one of: 1, 5, 20", "--add-account", "b", "--mode", "console", "--api-key", "k-0123456789abcdef", "--tier", "3");
        failsWithoutChange("priority must be an integer between 0 and 100",
                "--add-account", "b", "--mode", "console", "--api-key", "k-0123456789abcdef", "--priority", "101");
        failsWithoutChange("endpoint must be an absolute http:// or https:// URL",
                "--add-account", "b", "--mode", "zai", "--api-key", "k-0123456789abcdef", "--endpoint", "not a url");
        failsWithoutChange("endpoint is required for anthropic-compatible accounts (the base URL of the API)",
                "--add-account", "b", "--mode", "anthropic-compatible", "--api-key", "k-0123456789abcdef");
        failsWithoutChange("name has an invalid format: use letters, digits, spaces and - _ @ . + only",
                "--add-account", "bad/name", "--mode", "console", "--api-key", "k-0123456789abcdef");
        failsWithoutChange("Account with name 'a' already exists",
                "--add-account", "a", "--mode", "zai", "--api-key", "k-0123456789abcdef");
        failsWithoutChange("mode must be one of: max, console, zai, anthropic-compatible",
                "--add-account", "b", "--mode", "plus", "--api-key", "k-0123456789abcdef");
        failsWithoutChange("--api-key is required when no terminal is available to ask for it",
                "--add-account", "b", "--mode", "zai");
        failsWithoutChange("Account 'ghost' not found", "--pause", "ghost");
        failsWithoutChange("Account 'ghost' not found", "--resume", "ghost");
        failsWithoutChange("Account 'ghost' not found", "--remove", "ghost", "--force");
        failsWithoutChange("Account 'ghost' not found", "--set-priority", "ghost", "3");
        failsWithoutChange("Invalid priority value: x (must be an integer between 0 and 100)", "--set-priority", "a", "x");
        failsWithoutChange("priority must be an integer between 0 and 100", "--set-priority", "a", "-1");
    }
}
