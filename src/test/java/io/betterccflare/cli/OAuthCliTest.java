package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.PastingTerminal;
import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OAuth login through the CLI, as a user with piped stdin runs it, against a fake OAuth server.
 */
class OAuthCliTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final Pattern URL = Pattern.compile("URL: (\\S+)");

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(NOW);
    private FakeOAuth oauth;
    private TestEnv env;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void start() {
        oauth = new FakeOAuth();
        env = new TestEnv(tempDir)
                .with("BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString())
                .with("BETTER_CCFLARE_ANTHROPIC_URL", oauth.uri().toString());
    }

    @AfterEach
    void stop() {
        oauth.close();
    }

    private int run(PastingTerminal terminal, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        CliIo io = new CliIo(env.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, clock, new CountDownLatch(1), "Linux",
                tempDir.toString());
        return new Cli(io).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The user's paste: the fake's callback page text for the URL the CLI printed. */
    private Supplier<String> pasteFor(Function<String, String> edit) {
        return () -> {
            Matcher matcher = URL.matcher(out());
            assertThat(matcher.find()).as("the CLI printed the login URL before asking").isTrue();
            return edit.apply(oauth.authorize(matcher.group(1)));
        };
    }

    private Account stored(String name) {
        try (Database database = Database.open(env.config().storage())) {
            return new AccountStore(database).byName(name).orElseThrow();
        }
    }

    @Test
    void max_login_stores_tokens_and_expiry_and_confirms_with_the_email() {
        int code = run(new PastingTerminal(pasteFor(Function.identity())),
                "--add-account", "me", "--mode", "max", "--priority", "7");

        assertThat(code).as(err()).isZero();
        Account account = stored("me");
        assertThat(account.mode()).isEqualTo(AccountMode.MAX);
        assertThat(account.priority()).isEqualTo(7);
        assertThat(account.email()).isEqualTo("me@example.com");
        assertThat(account.credentials().refreshToken()).startsWith("sk-ant-ort01-");
        assertThat(oauth.isIssuedAccessToken(account.credentials().accessToken())).isTrue();
        assertThat(account.credentials().expiresAt()).isEqualTo(NOW + 28_800_000L);
        assertThat(out()).contains(
                "Adding account 'me' (Claude Max)",
                "Opening browser to authenticate...",
                "URL: " + oauth.uri() + "/cai/oauth/authorize?code=true&client_id=" + FakeOAuth.CLIENT_ID + "&response_type=code",
                "No browser could be opened here",
                "Exchanging code for tokens...",
                "Account 'me' added successfully!",
                "Type: Claude Max",
                "Tier: 1x",
                "Logged in as: me@example.com");
        assertThat(out()).doesNotContain(account.credentials().accessToken()).doesNotContain(account.credentials().refreshToken());
        assertThat(err()).isEmpty();
    }

    @Test
    void console_login_mints_an_api_key_and_shows_it_masked() {
        int code = run(new PastingTerminal(pasteFor(Function.identity())), "--add-account", "work", "--mode", "console",
                "--proxy", "http://corp:s3cret@proxy.corp.example:3128");

        assertThat(code).as(err()).isZero();
        Account account = stored("work");
        // The account's own proxy (issue 10 part 8) is set once the login stored the account.
        assertThat(out()).endsWith("Account 'work' proxy set to http://****@proxy.corp.example:3128" + System.lineSeparator())
                .doesNotContain("s3cret");
        assertThat(account.mode()).isEqualTo(AccountMode.CONSOLE);
        assertThat(account.credentials().apiKey()).startsWith("sk-ant-api03-");
        assertThat(account.credentials().refreshToken()).isNull();
        assertThat(account.credentials().accessToken()).isNull();
        assertThat(out()).contains("URL: " + oauth.uri() + "/oauth/authorize?", "Type: Claude Console",
                "API key: " + account.maskedSecret());
        assertThat(out()).doesNotContain(account.credentials().apiKey());
    }

    @Test
    void a_code_whose_state_does_not_match_is_refused_and_nothing_is_stored() {
        int code = run(new PastingTerminal(pasteFor(pasted -> pasted.substring(0, pasted.indexOf('#')) + "#forged")),
                "--add-account", "me", "--mode", "max");

        assertThat(code).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: OAuth state mismatch: this code belongs to a different login. Please try again."
                + System.lineSeparator());
        try (Database database = Database.open(env.config().storage())) {
            assertThat(new AccountStore(database).byName("me")).isEmpty();
        }
    }

    @Test
    void empty_input_and_a_code_without_state_are_clear_errors() {
        assertThat(run(new PastingTerminal(() -> null), "--add-account", "me")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: Input is required: paste the code the authorization page shows" + System.lineSeparator());

        assertThat(run(new PastingTerminal(() -> "just-a-code"), "--add-account", "me")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: The code must be pasted whole, in the form code#state, as the authorization page shows it"
                + System.lineSeparator());
    }

    @Test
    void a_session_older_than_ten_minutes_is_refused() {
        Supplier<String> late = () -> {
            String paste = pasteFor(Function.identity()).get();
            clock.advance(Duration.ofMinutes(10));
            return paste;
        };

        assertThat(run(new PastingTerminal(late), "--add-account", "me")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: OAuth session expired or invalid. Please try again." + System.lineSeparator());
    }

    @Test
    void reauth_keeps_the_id_settings_and_history_and_clears_requires_reauth() {
        assertThat(run(new PastingTerminal(pasteFor(Function.identity())), "--add-account", "me", "--priority", "3")).isZero();
        Account before = stored("me");
        try (Database database = Database.open(env.config().storage())) {
            AccountStore store = new AccountStore(database);
            store.recordUse(before.id(), NOW, 18_000_000L);
            store.markRequiresReauth(before.id(), before.credentials().refreshToken(), "Refresh token refused: gone", NOW);
        }
        oauth.email("new@example.com");

        int code = run(new PastingTerminal(pasteFor(Function.identity())), "--reauth", "me");

        assertThat(code).as(err()).isZero();
        Account after = stored("me");
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.priority()).isEqualTo(3);
        assertThat(after.totalRequests()).isEqualTo(1);
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.requiresReauth()).isFalse();
        assertThat(after.authFailure()).isNull();
        assertThat(after.email()).isEqualTo("new@example.com");
        assertThat(after.credentials().refreshToken()).isNotEqualTo(before.credentials().refreshToken());
        assertThat(out()).contains("Re-authenticating account 'me' (Claude Max)", "Account 'me' re-authenticated successfully!");
    }

    @Test
    void an_api_key_with_mode_max_is_refused() {
        assertThat(run(new PastingTerminal(), "--add-account", "me", "--mode", "max", "--api-key", "sk-ant-api03-0123456789abcdef"))
                .isEqualTo(1);
        assertThat(err()).isEqualTo("Error: --api-key is not used with --mode max, which logs in with the browser"
                + " (use --mode console --api-key KEY for a Console key)" + System.lineSeparator());
    }

    @Test
    void reauth_of_an_unknown_account_is_a_clear_error() {
        assertThat(run(new PastingTerminal(), "--reauth", "ghost")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: Account 'ghost' not found" + System.lineSeparator());
    }

    @Test
    void auto_fallback_and_auto_refresh_are_toggled_per_account() {
        assertThat(run(new PastingTerminal(pasteFor(Function.identity())), "--add-account", "me")).isZero();

        assertThat(run(new PastingTerminal(), "--auto-fallback", "me", "on")).isZero();
        assertThat(out()).isEqualTo("Auto-fallback enabled for account 'me'" + System.lineSeparator());
        assertThat(run(new PastingTerminal(), "--auto-refresh", "me", "on")).isZero();
        assertThat(out()).isEqualTo("Auto-refresh enabled for account 'me'" + System.lineSeparator());
        assertThat(stored("me").autoFallbackEnabled()).isTrue();
        assertThat(stored("me").autoRefreshEnabled()).isTrue();

        assertThat(run(new PastingTerminal(), "--auto-refresh", "me", "off")).isZero();
        assertThat(stored("me").autoRefreshEnabled()).isFalse();
        assertThat(run(new PastingTerminal(), "--auto-refresh", "me", "maybe")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: Invalid value 'maybe' for --auto-refresh: use on or off" + System.lineSeparator());
    }

    @Test
    void toggles_are_refused_for_non_anthropic_accounts() {
        assertThat(run(new PastingTerminal(), "--add-account", "glm", "--mode", "zai", "--api-key", "zai-key-0123456789abcdef")).isZero();

        assertThat(run(new PastingTerminal(), "--auto-fallback", "glm", "on")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: Auto-fallback is only available for Anthropic accounts" + System.lineSeparator());
    }

    @Test
    void list_shows_the_five_hour_and_weekly_usage_and_the_reauth_state() {
        assertThat(run(new PastingTerminal(pasteFor(Function.identity())), "--add-account", "me")).isZero();
        Account account = stored("me");
        long fiveHourReset = NOW + 90 * 60_000L;
        try (Database database = Database.open(env.config().storage())) {
            AccountStore store = new AccountStore(database);
            store.setUsage(account.id(), "{\"five_hour\":{\"utilization\":15.0,\"resets_at\":\""
                    + java.time.Instant.ofEpochMilli(fiveHourReset) + "\"},\"seven_day\":null,"
                    + "\"limits\":[{\"kind\":\"weekly_all\",\"percent\":48,\"resets_at\":null}]}", NOW);
            store.markRequiresReauth(account.id(), account.credentials().refreshToken(), "gone", NOW);
        }

        assertThat(run(new PastingTerminal(), "--list")).isZero();

        String[] lines = out().split(System.lineSeparator());
        assertThat(lines[0]).contains("5H USAGE", "WEEKLY USAGE");
        assertThat(lines[1]).contains("needs re-auth", "15% (resets in 1h30m)", "48%");
        assertThat(out()).doesNotContain(account.credentials().accessToken());
    }
}
