package io.betterccflare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.app.App;
import io.betterccflare.server.Json;
import io.betterccflare.support.FakeExchange;
import io.betterccflare.support.TestEnv;
import io.betterccflare.tokens.UsageTrackerTestFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliStatsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T12:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(TestEnv env, String... args) {
        out.reset();
        Terminal terminal = new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }

            @Override
            public String readSecret(String prompt) {
                return null;
            }
        };
        CliIo io = new CliIo(env.env(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                terminal, CLOCK, new CountDownLatch(1), "Linux", temp.toString());
        return new Cli(io).run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stats_print_json_and_reset_and_clear_remove_the_history() throws Exception {
        TestEnv env = new TestEnv(temp);
        try (App app = App.open(env.config(), CLOCK)) {
            FakeExchange.stream("a", CLOCK.millis() - 1_000, null, UsageTrackerTestFixtures.STREAM).run(app.exchangeObserver());
            FakeExchange.stream("b", CLOCK.millis() - 500, null, UsageTrackerTestFixtures.STREAM).run(app.exchangeObserver());
            await().atMost(Duration.ofSeconds(20)).until(() -> app.requestLog().count() == 2);
        }

        assertThat(run(env, "--stats")).isZero();
        JsonNode stats = Json.MAPPER.readTree(output());
        assertThat(stats.get("totalRequests").asLong()).isEqualTo(2);
        assertThat(stats.get("successRate").asLong()).isEqualTo(100);
        assertThat(stats.get("totalTokens").asLong()).isEqualTo(2 * 1337);
        assertThat(stats.get("tokenDetails").toString()).isEqualTo(
                "{\"inputTokens\":50,\"cacheReadInputTokens\":2000,\"cacheCreationInputTokens\":600,\"outputTokens\":24}");
        assertThat(stats.has("topModels")).isFalse();
        assertThat(output()).contains("\n  \"totalRequests\" : 2");

        assertThat(run(env, "--clear-history")).isZero();
        assertThat(output()).isEqualTo("Request history cleared successfully\n");
        assertThat(run(env, "--reset-stats")).isZero();
        assertThat(output()).isEqualTo("Statistics reset successfully\n");
        assertThat(run(env, "--stats")).isZero();
        assertThat(Json.MAPPER.readTree(output()).get("totalRequests").asLong()).isZero();
        assertThat(Json.MAPPER.readTree(output()).has("tokenDetails")).isFalse();
    }
}
