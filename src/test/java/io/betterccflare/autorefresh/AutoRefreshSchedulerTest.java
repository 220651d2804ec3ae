package io.betterccflare.autorefresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.store.Database;
import io.betterccflare.support.FakeHttpServer;
import io.betterccflare.support.MutableClock;
import io.betterccflare.support.TestEnv;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-refresh with an injected clock; a small fake HTTP server stands in for the local proxy and checks
 * the pinned account header.
 */
class AutoRefreshSchedulerTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final long NEXT_RESET_S = (NOW + 5 * 3_600_000L) / 1000;

    @TempDir
    Path tempDir;

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicReference<FakeHttpServer.Reply> reply = new AtomicReference<>(ok(NEXT_RESET_S));
    private FakeHttpServer proxy;
    private Database database;
    private AccountStore store;
    private HttpClient http;
    private AutoRefreshScheduler scheduler;

    private static FakeHttpServer.Reply ok(long resetSeconds) {
        return new FakeHttpServer.Reply(200, Map.of(
                "Content-Type", "application/json",
                "anthropic-ratelimit-unified-status", "allowed",
                "anthropic-ratelimit-unified-reset", String.valueOf(resetSeconds)),
                "{\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
    }

    @BeforeEach
    void open() {
        proxy = new FakeHttpServer().route("POST", "/v1/messages", request -> reply.get());
        database = Database.open(new TestEnv(tempDir).config().storage());
        store = new AccountStore(database);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        scheduler = new AutoRefreshScheduler(store, http, proxy::uri, clock);
    }

    @AfterEach
    void close() {
        http.shutdownNow();
        database.close();
        proxy.close();
    }

    private Account optedIn(String name, Long reset) {
        Account account = OAuthTestAccounts.max(store, name, "sk-ant-oat01-access-" + name, "sk-ant-ort01-refresh-" + name,
                NOW + 3_600_000, NOW);
        store.setAutoRefresh(account.id(), true);
        if (reset != null) {
            store.recordWindow(account.id(), "allowed", reset, null, NOW - 6 * 3_600_000L);
        }
        return account;
    }

    @Test
    void a_reset_window_gets_one_pinned_probe_through_the_proxy_and_its_new_reset_is_stored() throws Exception {
        Account account = optedIn("sub", NOW - 1_000);

        assertThat(scheduler.runOnce()).isEqualTo(1);

        var request = proxy.requests("/v1/messages").getFirst();
        assertThat(request.header("x-better-ccflare-account-id")).isEqualTo(account.id());
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("content-type")).isEqualTo("application/json");
        var body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(1);
        Account stored = store.byId(account.id()).orElseThrow();
        assertThat(stored.rateLimit().reset()).isEqualTo(NEXT_RESET_S * 1000);
        assertThat(stored.rateLimit().status()).isEqualTo("allowed");
    }

    @Test
    void no_second_probe_until_the_next_reset() {
        optedIn("sub", NOW - 1_000);
        scheduler.runOnce();

        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runOnce()).isZero();
        clock.advance(Duration.ofHours(4));
        assertThat(scheduler.runOnce()).isZero();
        assertThat(proxy.requests("/v1/messages")).hasSize(1);

        clock.set(NEXT_RESET_S * 1000 + 1);
        reply.set(ok(NEXT_RESET_S + 5 * 3600));
        assertThat(scheduler.runOnce()).isEqualTo(1);
        assertThat(proxy.requests("/v1/messages")).hasSize(2);
    }

    @Test
    void without_reset_headers_the_probe_is_not_repeated_for_five_hours() {
        optedIn("sub", null);
        reply.set(FakeHttpServer.Reply.json(200, "{\"type\":\"message\"}"));

        assertThat(scheduler.runOnce()).isEqualTo(1);
        clock.advance(Duration.ofHours(5).minusMillis(1));
        assertThat(scheduler.runOnce()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(scheduler.runOnce()).isEqualTo(1);
    }

    @Test
    void a_live_window_from_the_usage_poller_or_headers_means_no_probe() {
        optedIn("future", NOW + 60_000);
        Account polled = optedIn("polled", NOW - 1_000);
        store.setUsage(polled.id(), "{\"five_hour\":{\"utilization\":3,\"resets_at\":\""
                + java.time.Instant.ofEpochMilli(NOW + 3_600_000) + "\"}}", NOW);

        assertThat(scheduler.runOnce()).isZero();
        assertThat(proxy.requests("/v1/messages")).isEmpty();
    }

    @Test
    void accounts_not_opted_in_paused_or_needing_reauth_are_left_alone() {
        Account off = optedIn("off", NOW - 1_000);
        store.setAutoRefresh(off.id(), false);
        Account paused = optedIn("paused", NOW - 1_000);
        store.setPaused(paused.id(), true);
        Account dead = optedIn("dead", NOW - 1_000);
        store.markRequiresReauth(dead.id(), dead.credentials().refreshToken(), "gone", NOW);

        assertThat(scheduler.runOnce()).isZero();
        assertThat(proxy.requests("/v1/messages")).isEmpty();
    }

    @Test
    void a_401_disables_auto_refresh_for_the_account() {
        Account account = optedIn("sub", NOW - 1_000);
        reply.set(FakeHttpServer.Reply.json(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Invalid bearer token\"}}"));

        scheduler.runOnce();

        assertThat(store.byId(account.id()).orElseThrow().autoRefreshEnabled()).isFalse();
        clock.advance(Duration.ofHours(6));
        assertThat(scheduler.runOnce()).isZero();
        assertThat(proxy.requests("/v1/messages")).hasSize(1);
    }

    @Test
    void a_404_tries_the_next_model() throws Exception {
        optedIn("sub", NOW - 1_000);
        proxy.route("POST", "/v1/messages", request -> request.body().contains("claude-haiku-4-5")
                ? FakeHttpServer.Reply.json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model\"}}")
                : ok(NEXT_RESET_S));

        assertThat(scheduler.runOnce()).isEqualTo(1);

        assertThat(proxy.requests("/v1/messages")).extracting(r -> new ObjectMapper().readTree(r.body()).get("model").asText())
                .containsExactly("claude-haiku-4-5", "claude-sonnet-4-5");
    }

    @Test
    void an_unreachable_proxy_is_retried_later_not_every_check() {
        optedIn("sub", NOW - 1_000);
        proxy.close();

        assertThat(scheduler.runOnce()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runOnce()).isZero();
    }
}
