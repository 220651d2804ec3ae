package io.betterccflare.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.oauth.OAuthTestAccounts;
import io.betterccflare.store.Database;
import io.betterccflare.store.PostgresTestUrl;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.FakeOAuth;
import io.betterccflare.support.RequiresPostgres;
import io.betterccflare.support.TestDatabases;
import io.betterccflare.support.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances on one PostgreSQL database (issue 12), each a separate {@code java -jar} process sharing
 * nothing but the database (a fresh schema), in front of the fake upstream and fake OAuth server of this JVM.
 */
@ExtendWith(RequiresPostgres.class)
class ClusterIT {
    private static final String MESSAGE = """
            {"model":"claude-sonnet-4-5-20250929","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""";

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeAnthropic upstream;
    private FakeOAuth oauth;
    private String databaseUrl;
    private ClusterProcesses cluster;

    @BeforeEach
    void start() {
        upstream = FakeAnthropic.start();
        oauth = new FakeOAuth();
        databaseUrl = TestDatabases.freshPostgresUrl();
        cluster = new ClusterProcesses(temp, Map.of(
                "DATABASE_URL", databaseUrl,
                "BETTER_CCFLARE_ANTHROPIC_URL", upstream.baseUrl(),
                "BETTER_CCFLARE_OAUTH_URL", oauth.uri().toString()));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        http.close();
        oauth.close();
        upstream.close();
    }

    @Test
    void three_instances_started_together_on_an_empty_database_all_serve_and_list_each_other_with_one_leader() {
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b", "c");

        for (ClusterProcesses.Node node : nodes) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode instances = node.api().get("/api/instances").json();
                assertThat(instances).hasSize(3);
                assertThat(stream(instances).filter(i -> i.path("leader").asBoolean())).hasSize(1);
                assertThat(stream(instances).filter(i -> i.path("self").asBoolean())).hasSize(1);
                assertThat(instances.get(0).path("version").asText()).isNotBlank();
                assertThat(instances.get(0).path("uptimeMs").asLong()).isNotNegative();
            });
        }
        ApiClient.Reply added = nodes.get(0).api().post("/api/accounts/console", "{\"name\":\"one\",\"apiKey\":\"sk-ant-api03-one\"}");
        assertThat(added.status()).isEqualTo(200);
        for (ClusterProcesses.Node node : nodes) {
            assertThat(send(node).statusCode()).isEqualTo(200);
        }
        assertThat(upstream.received()).extracting(request -> request.header("x-api-key"))
                .containsOnly("sk-ant-api03-one");
    }

    @Test
    void an_account_added_or_paused_on_one_instance_is_obeyed_by_the_other_within_a_second() {
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b");
        ClusterProcesses.Node a = nodes.get(0);
        ClusterProcesses.Node b = nodes.get(1);
        assertThat(send(b).statusCode()).isEqualTo(200);
        assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo("client-key");

        String first = addConsole(a, "first", "sk-ant-api03-first", 0);
        // B never answers from an empty view: its very next request uses the account A just added.
        assertThat(send(b).statusCode()).isEqualTo(200);
        assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-first");
        addConsole(a, "second", "sk-ant-api03-second", 1);

        assertThat(a.api().post("/api/accounts/" + first + "/pause").status()).isEqualTo(200);
        long paused = System.nanoTime();

        assertObeyedWithinASecond(b, paused, "sk-ant-api03-second");
    }

    @Test
    void a_429_on_one_instance_benches_the_account_on_the_other_within_a_second_and_is_counted_once() throws Exception {
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b");
        ClusterProcesses.Node a = nodes.get(0);
        ClusterProcesses.Node b = nodes.get(1);
        String limited = addConsole(a, "limited", "sk-ant-api03-limited", 0);
        addConsole(a, "spare", "sk-ant-api03-spare", 1);
        assertThat(send(b).statusCode()).isEqualTo(200);
        assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-limited");

        upstream.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded").withHeader("retry-after", "600")
                .withWindow("5h", "rejected", System.currentTimeMillis() / 1000 + 600));
        assertThat(send(a).statusCode()).isEqualTo(200);
        long limitedAt = System.nanoTime();
        assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-spare");

        assertObeyedWithinASecond(b, limitedAt, "sk-ant-api03-spare");
        assertThat(queryLong("SELECT consecutive_rate_limits FROM accounts WHERE id = '" + limited + "'")).isEqualTo(1);
    }

    @Test
    void the_live_stream_and_the_request_log_of_one_instance_show_the_requests_served_by_another() throws Exception {
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b");
        ClusterProcesses.Node a = nodes.get(0);
        ClusterProcesses.Node b = nodes.get(1);
        addConsole(a, "one", "sk-ant-api03-one", 0);
        String aId = selfId(a);
        List<String> lines = new CopyOnWriteArrayList<>();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(b.base() + "/api/requests/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> response.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line -> line.contains("connected")));

        assertThat(send(a).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines)
                .anySatisfy(line -> assertThat(line).contains("\"type\":\"summary\"").contains("\"instanceId\":\"" + aId + "\"")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode requests = b.api().get("/api/requests?limit=10").json();
            assertThat(requests).hasSize(1);
        });
        assertThat(queryString("SELECT instance_id FROM requests")).isEqualTo(aId);
        stream.cancel(true);
    }

    @Test
    void twenty_requests_over_two_instances_on_an_expiring_subscription_make_one_token_call_and_never_flag_it()
            throws Exception {
        String[] pair = oauth.issuePair();
        String id;
        try (Database database = Database.open(new TestEnv(temp).with("DATABASE_URL", databaseUrl).config().storage())) {
            Account account = OAuthTestAccounts.max(new AccountStore(database), "sub", pair[0], pair[1],
                    System.currentTimeMillis() + 60_000, System.currentTimeMillis());
            id = account.id();
        }
        // A slow token endpoint keeps the race open: every instance has requests waiting for the token.
        oauth.refreshResponder(body -> {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            return oauth.rotate(body);
        });
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b");

        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                ClusterProcesses.Node node = nodes.get(i % 2);
                statuses.add(clients.submit(() -> send(node).statusCode()));
            }
        }
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(200);
        }
        assertThat(oauth.refreshCalls()).isEqualTo(1);
        assertThat(queryLong("SELECT CASE WHEN requires_reauth THEN 1 ELSE 0 END FROM accounts WHERE id = '" + id + "'"))
                .isZero();
        String stored = queryString("SELECT access_token FROM accounts WHERE id = '" + id + "'");
        assertThat(stored).isNotEqualTo(pair[0]);
        assertThat(upstream.received()).extracting(request -> request.header("authorization"))
                .containsOnly("Bearer " + stored);
    }

    @Test
    void background_jobs_have_one_leader_and_a_survivor_takes_over_within_a_minute_when_it_is_killed() {
        List<ClusterProcesses.Node> nodes = cluster.start("a", "b");
        JsonNode instances = nodes.get(0).api().get("/api/instances").json();
        String leaderId = stream(instances).filter(i -> i.path("leader").asBoolean()).findFirst().orElseThrow()
                .path("id").asText();
        ClusterProcesses.Node leader = selfId(nodes.get(0)).equals(leaderId) ? nodes.get(0) : nodes.get(1);
        ClusterProcesses.Node survivor = leader == nodes.get(0) ? nodes.get(1) : nodes.get(0);

        cluster.kill(leader);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode live = survivor.api().get("/api/instances").json();
            assertThat(live).hasSize(1);
            assertThat(live.get(0).path("self").asBoolean()).isTrue();
            assertThat(live.get(0).path("leader").asBoolean()).isTrue();
        });
        assertThat(send(survivor).statusCode()).isEqualTo(200);
    }

    /**
     * Sends requests through {@code node} without pause until three have started a second or more after
     * {@code changedAt} (System.nanoTime): each of those must use {@code expectedKey}. Requests that started
     * earlier may go either way. What is measured is when a request starts, not how long it takes, so a slow
     * machine slows the test down but does not fail it.
     */
    private void assertObeyedWithinASecond(ClusterProcesses.Node node, long changedAt, String expectedKey) {
        List<String> late = new ArrayList<>();
        while (late.size() < 3) {
            long startedAt = System.nanoTime();
            assertThat(send(node).statusCode()).isEqualTo(200);
            if (startedAt - changedAt >= Duration.ofSeconds(1).toNanos()) {
                late.add(upstream.lastRequest().header("x-api-key"));
            }
        }
        assertThat(late).containsOnly(expectedKey);
    }

    private String addConsole(ClusterProcesses.Node node, String name, String key, int priority) {
        ApiClient.Reply added = node.api().post("/api/accounts/console",
                "{\"name\":\"" + name + "\",\"apiKey\":\"" + key + "\",\"priority\":" + priority + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode accounts = node.api().get("/api/accounts").json();
        return stream(accounts).filter(account -> account.path("name").asText().equals(name)).findFirst().orElseThrow()
                .path("id").asText();
    }

    private static String selfId(ClusterProcesses.Node node) {
        return stream(node.api().get("/api/instances").json()).filter(i -> i.path("self").asBoolean()).findFirst()
                .orElseThrow().path("id").asText();
    }

    private HttpResponse<String> send(ClusterProcesses.Node node) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.base() + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", "client-key")
                .header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGE)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private String queryString(String sql) throws SQLException {
        PostgresTestUrl url = PostgresTestUrl.parse(databaseUrl);
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row for " + sql).isTrue();
            return rows.getString(1);
        }
    }

}
