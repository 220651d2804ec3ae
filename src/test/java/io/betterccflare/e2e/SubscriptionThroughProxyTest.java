package io.betterccflare.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import io.betterccflare.cli.Cli;
import io.betterccflare.cli.CliRunner;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.PastingTerminal;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's path for a Claude subscription: {@code --add-account me --mode max} with the pasted code,
 * then requests through the proxy carry the account's Bearer token and the OAuth beta, and the polled
 * usage shows in {@code --list}. The OAuth and usage endpoints are a {@link FakeOAuth}; messages go to a
 * {@link FakeAnthropic} set as the account's endpoint.
 */
class SubscriptionThroughProxyTest {
    private static final Pattern LOGIN_URL = Pattern.compile("URL: (\\S+)");

    @TempDir
    Path tempDir;

    private FakeOAuth oauth;
    private FakeAnthropic fake;
    private TestEnv env;

    @BeforeEach
    void start() {
        oauth = new FakeOAuth();
        fake = FakeAnthropic.start();
        env = new TestEnv(tempDir)
                .with("BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString())
                .with("BETTER_CCFLARE_ANTHROPIC_URL", oauth.uri().toString());
    }

    @AfterEach
    void stop() {
        fake.close();
        oauth.close();
    }

    @Test
    void a_max_account_added_with_a_pasted_code_serves_requests_with_its_bearer_token_and_shows_its_usage() {
        CliRunner cli = new CliRunner(env, Clock.systemUTC());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var terminal = new PastingTerminal(() -> {
            Matcher url = LOGIN_URL.matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(url.find()).as("the login URL is printed before the prompt").isTrue();
            return oauth.authorize(url.group(1));
        });
        int code = new Cli(cli.io(terminal, new CountDownLatch(0), out, err))
                .run("--add-account", "me", "--mode", "max", "--endpoint", fake.baseUrl());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Account 'me' added successfully!", "Logged in as: me@example.com");

        try (RunningApp app = RunningApp.start(env.config(), Clock.systemUTC())) {
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(app.uri("").toString())
                    .apiKey("sk-ant-api03-client-key-that-must-not-go-upstream").maxRetries(0).build();
            Message message = client.messages().create(MessageCreateParams.builder()
                    .model("claude-sonnet-4-5-20250929").maxTokens(64).addUserMessage("Hello").build());
            assertThat(message.content()).isNotEmpty();

            var upstream = fake.lastRequest();
            String authorization = upstream.header("authorization");
            assertThat(authorization).startsWith("Bearer ");
            assertThat(oauth.isIssuedAccessToken(authorization.substring("Bearer ".length()))).isTrue();
            assertThat(upstream.header("anthropic-beta")).contains("oauth-2025-04-20");
            assertThat(upstream.header("x-api-key")).isNull();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(cli.run("--list").out()).contains("15%").contains("48%"));
            client.close();
        }
        CliRunner.Result list = cli.run("--list");
        assertThat(list.out()).contains("me", "anthropic/max").doesNotContain("sk-ant-oat01").doesNotContain("sk-ant-ort01");
    }
}
