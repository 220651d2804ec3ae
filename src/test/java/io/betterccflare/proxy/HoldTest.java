package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.support.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BETTER_CCFLARE_HOLD_MAX_S}: a request that would get a 429 waits for the earliest reset instead, and a
 * client that leaves ends the wait. Real time (the wait is real), asserted by outcome only.
 */
class HoldTest {
    @TempDir
    Path temp;

    private ProxyHarness harness;

    @AfterEach
    void stop() {
        harness.close();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("claude-opus-4-1").maxTokens(16).addUserMessage("hi").build();
    }

    private Account lockedFor(Duration duration) {
        Account account = harness.console("only", 0);
        long now = System.currentTimeMillis();
        harness.store.recordLockout(account.id(), now, RateLimitState.NONE, now + duration.toMillis(), "rate_limited", null);
        return account;
    }

    @Test
    void a_request_that_would_get_a_429_waits_for_the_reset_and_is_served() {
        harness = new ProxyHarness(temp, env -> env.with("BETTER_CCFLARE_HOLD_MAX_S", "30"));
        lockedFor(Duration.ofMillis(1_500));
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey("sk-client")
                .maxRetries(0).build();

        Message message = client.messages().create(params());

        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from the fake");
        assertThat(harness.fake.received()).hasSize(1);
        client.close();
    }

    @Test
    void a_client_that_leaves_ends_the_wait() {
        harness = new ProxyHarness(temp, env -> env.with("BETTER_CCFLARE_HOLD_MAX_S", "600"));
        lockedFor(Duration.ofMinutes(5));
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(harness.baseUrl()).apiKey("sk-client")
                .maxRetries(0).timeout(Duration.ofSeconds(1)).build();
        ApiClient api = new ApiClient(harness.server.port());

        Throwable gone = catchThrowable(() -> client.messages().create(params()));

        assertThat(gone).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/api/requests?limit=1").json().path(0).path("statusCode").asInt()).isEqualTo(499));
        assertThat(harness.fake.received()).isEmpty();
        client.close();
    }
}
