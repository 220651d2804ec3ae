package io.betterccflare.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.fake.ReceivedRequest;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents end to end (issue 14), through the real proxy to the fake upstream, on SQLite and PostgreSQL (subclasses):
 * discovery from a temp home and a temp workspace, detection by header and by a Claude Code-shaped prompt, the
 * model the upstream sees (and that nothing else in the body changed), per-account model mappings, and what the
 * request log records.
 */
abstract class AgentsThroughProxyContract {
    static final String REVIEWER_PROMPT = "You are a meticulous code reviewer. Point out bugs first.";
    static final String PLANNER_PROMPT = "You plan work in small, testable steps.";
    private static final String CLIENT_MODEL = "claude-sonnet-4-5";

    @TempDir
    Path home;

    private FakeAnthropic fake;
    private RunningApp app;
    private ApiClient api;
    private Path workspace;

    /** Adds what selects the database under test. */
    protected abstract TestEnv database(TestEnv env);

    static void writeAgent(Path dir, String file, String frontmatter, String prompt) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), "---\n" + frontmatter + "\n---\n\n" + prompt + "\n");
    }

    @BeforeEach
    void start() throws IOException {
        Path global = home.resolve(".claude/agents");
        writeAgent(global, "reviewer.md", "name: reviewer\ndescription: Reviews code\ncolor: blue\nmodel: haiku", REVIEWER_PROMPT);
        writeAgent(global, "notes.txt", "name: nope\ndescription: not markdown", "ignored");
        workspace = home.resolve("work space/proj");
        writeAgent(workspace.resolve(".claude/agents"), "planner.md", "name: planner\ndescription: Plans", PLANNER_PROMPT);
        fake = FakeAnthropic.start();
        TestEnv env = database(new TestEnv(home).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl())
                .with("BETTER_CCFLARE_ZAI_URL", fake.baseUrl()));
        app = RunningApp.start(env.config(), Clock.systemUTC());
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                "sk-ant-api03-account-secret-0123456789", 1, 0, null));
        api = new ApiClient(app.uri("").getPort());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        fake.close();
    }

    /** A Claude Code-shaped request: system blocks, the CLAUDE.md reminder in the first user message. */
    private String claudeCodeBody(String agentPrompt, boolean stream) {
        String root = workspace.toString().replace("/", "\\/");
        return "{\"model\":\"" + CLIENT_MODEL + "\",\"max_tokens\":64,\"stream\":" + stream + ","
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"" + agentPrompt + "\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>\\n"
                + "Contents of " + root + "/CLAUDE.md (project instructions):\\n\\nUse tabs.\\n</system-reminder>\"},"
                + "{\"type\":\"text\",\"text\":\"Review   this\\u00e9 diff\"}]}],"
                + "\"metadata\":{\"user_id\":\"user_abc\"},  \"tools\":[] }";
    }

    private HttpResponse<String> send(String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return app.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The log's rows once there are {@code count} and all are complete (a row is written pending first). */
    private JsonNode loggedRequests(int count, String query) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode rows = app.get("/api/requests" + query).json();
            return rows.size() == count && rows.valueStream().allMatch(row -> "complete".equals(row.path("state").asText()));
        });
        return app.get("/api/requests" + query).json();
    }

    private static String upstreamBody(ReceivedRequest received) {
        return new String(received.body(), StandardCharsets.UTF_8);
    }

    @Test
    void agents_are_discovered_in_the_home_folder_and_in_workspaces_named_by_claude_md_reminders() throws IOException {
        JsonNode before = app.get("/api/agents").json();
        assertThat(before.get("globalAgents")).hasSize(1);
        JsonNode reviewer = before.get("globalAgents").get(0);
        assertThat(reviewer.get("id").asText()).isEqualTo("reviewer");
        assertThat(reviewer.get("source").asText()).isEqualTo("global");
        assertThat(reviewer.get("color").asText()).isEqualTo("blue");
        assertThat(reviewer.get("model").asText()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(reviewer.get("preferredModel").isNull()).isTrue();
        assertThat(reviewer.get("systemPrompt").asText()).isEqualTo(REVIEWER_PROMPT);
        assertThat(before.get("workspaceAgents")).isEmpty();

        String missing = home.resolve("gone").toString();
        assertThat(send(claudeCodeBody(PLANNER_PROMPT, false).replace("Use tabs.", "Contents of " + missing
                + "/CLAUDE.md too")).statusCode()).isEqualTo(200);

        JsonNode workspaces = app.get("/api/workspaces").json().get("workspaces");
        assertThat(workspaces).hasSize(1);
        assertThat(workspaces.get(0).get("path").asText()).isEqualTo(workspace.toString());
        assertThat(workspaces.get(0).get("name").asText()).isEqualTo("proj");
        assertThat(workspaces.get(0).get("agentCount").asInt()).isEqualTo(1);
        assertThat(app.get("/api/agents").json().get("workspaceAgents").get(0).get("id").asText()).isEqualTo("proj:planner");
        assertThat(Files.readString(home.resolve("config/better-ccflare/workspaces.json"))).contains(workspace.toString())
                .doesNotContain(missing);
        // The request that named the workspace is attributed to the workspace's agent at once.
        assertThat(loggedRequests(1, "").get(0).get("agentUsed").asText()).isEqualTo("proj:planner");
    }

    @Test
    void agent_files_are_re_read_when_they_change() throws IOException {
        writeAgent(home.resolve(".claude/agents"), "writer.md", "name: writer\ndescription: Writes docs", "You write docs.");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/agents").json().get("globalAgents").size() == 2);

        writeAgent(home.resolve(".claude/agents"), "writer.md", "name: writer\ndescription: Writes better docs", "You write docs.");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/agents").json().get("globalAgents").get(1)
                .get("description").asText().equals("Writes better docs"));

        Files.delete(home.resolve(".claude/agents/writer.md"));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/agents").json().get("globalAgents").size() == 1);
    }

    @Test
    void a_stored_preference_rewrites_only_the_model_bytes_streaming_and_not() {
        assertThat(api.post("/api/agents/reviewer/preference", "{\"model\":\"opus\"}").json().get("model").asText())
                .isEqualTo("claude-opus-4-5-20251101");
        for (boolean stream : new boolean[] {false, true}) {
            String body = claudeCodeBody(REVIEWER_PROMPT, stream);
            HttpResponse<String> response = send(body);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstreamBody(fake.lastRequest()))
                    .isEqualTo(body.replace("\"" + CLIENT_MODEL + "\"", "\"claude-opus-4-5-20251101\""));
        }
        JsonNode rows = loggedRequests(2, "?agent=reviewer");
        for (JsonNode row : rows) {
            assertThat(row.get("agentUsed").asText()).isEqualTo("reviewer");
            assertThat(row.get("originalModel").asText()).isEqualTo(CLIENT_MODEL);
            assertThat(row.get("appliedModel").asText()).isEqualTo("claude-opus-4-5-20251101");
        }
        send(claudeCodeBody(PLANNER_PROMPT, false));
        loggedRequests(3, "");
        for (String range : new String[] {"1h", "30d"}) {
            assertThat(app.get("/api/analytics?range=" + range + "&agents=reviewer").json().get("totals").get("requests").asInt())
                    .as(range).isEqualTo(2);
            assertThat(app.get("/api/analytics?range=" + range + "&agents=proj:planner,reviewer").json().get("totals")
                    .get("requests").asInt()).as(range).isEqualTo(3);
            assertThat(app.get("/api/analytics?range=" + range).json().get("totals").get("requests").asInt()).as(range).isEqualTo(3);
        }
    }

    @Test
    void a_family_lockout_is_judged_on_the_model_the_agent_sends_not_the_one_the_client_asked_for() {
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("spare", AccountMode.CONSOLE,
                "sk-ant-api03-spare-secret-0123456789", 1, 1, null));
        api.post("/api/agents/reviewer/preference", "{\"model\":\"opus\"}");
        long now = System.currentTimeMillis() / 1000;
        // The client asks for sonnet; the reviewer's preference sends opus, and opus's weekly scope is spent on "work".
        fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withWindow("5h", "allowed", now + 3_600).withWindow("7d", "allowed", now + 4 * 86_400)
                .withWindow("7d_opus", "rejected", now + 2 * 86_400));
        assertThat(send(claudeCodeBody(REVIEWER_PROMPT, false)).statusCode()).isEqualTo(200);
        assertThat(fake.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-spare-secret-0123456789");

        int before = fake.received().size();
        // Opus stays off "work": the reviewer's request pinned there is refused without reaching the upstream...
        HttpResponse<String> refused = send(claudeCodeBody(REVIEWER_PROMPT, true), "x-better-ccflare-account-id", "work");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("rate_limit_error");
        assertThat(fake.received()).hasSize(before);
        // ...while a request sent as sonnet is still served there.
        assertThat(send(claudeCodeBody(PLANNER_PROMPT, false), "x-better-ccflare-account-id", "work").statusCode()).isEqualTo(200);
        assertThat(fake.lastRequest().header("x-api-key")).isEqualTo("sk-ant-api03-account-secret-0123456789");
    }

    @Test
    void without_a_preference_the_agent_is_recorded_and_the_body_goes_up_unchanged() {
        String body = claudeCodeBody(REVIEWER_PROMPT, false);
        send(body);

        assertThat(fake.lastRequest().body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        JsonNode row = loggedRequests(1, "").get(0);
        assertThat(row.get("agentUsed").asText()).isEqualTo("reviewer");
        assertThat(row.get("originalModel").asText()).isEqualTo(CLIENT_MODEL);
        assertThat(row.get("appliedModel").asText()).isEqualTo(CLIENT_MODEL);
        assertThat(loggedRequests(0, "?agent=planner")).isEmpty();
    }

    @Test
    void explicit_headers_name_the_agent_before_the_prompt_does() {
        api.post("/api/agents/reviewer/preference", "{\"model\":\"claude-haiku-4-5\"}");
        String plain = "{\"model\":\"" + CLIENT_MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        send(plain, "x-better-ccflare-agent-id", "reviewer");
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(fake.lastRequest().header("x-better-ccflare-agent-id")).isNull();
        send(plain, "x-claude-code-agent-id", "reviewer");
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-haiku-4-5");
        send(claudeCodeBody(PLANNER_PROMPT, false), "x-anthropic-agent-id", "reviewer");
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-haiku-4-5");
        send(plain, "x-better-ccflare-agent-id", "ad-hoc-script");
        assertThat(fake.lastRequest().body()).isEqualTo(plain.getBytes(StandardCharsets.UTF_8));
        send(plain, "x-claude-code-agent-id", "0b6f5c1e-run-id");

        JsonNode rows = loggedRequests(5, "");
        assertThat(rows.get(0).has("agentUsed")).isFalse();
        assertThat(rows.get(1).get("agentUsed").asText()).isEqualTo("ad-hoc-script");
        assertThat(rows.get(2).get("agentUsed").asText()).isEqualTo("reviewer");
        assertThat(rows.get(3).get("agentUsed").asText()).isEqualTo("reviewer");
        assertThat(rows.get(4).get("agentUsed").asText()).isEqualTo("reviewer");
    }

    @Test
    void bodies_the_policy_cannot_read_go_up_unchanged_and_are_still_served() {
        api.post("/api/agents/reviewer/preference", "{\"model\":\"opus\"}");
        String impossible = claudeCodeBody(REVIEWER_PROMPT, false).replace("Use tabs.", "Contents of /a\\u0000b/CLAUDE.md");
        String notJson = "model=claude-sonnet-4-5&system=" + REVIEWER_PROMPT;
        String truncated = claudeCodeBody(REVIEWER_PROMPT, false).substring(0, 120);

        assertThat(send(impossible).statusCode()).isEqualTo(200);
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-opus-4-5-20251101");
        for (String body : new String[] {notJson, truncated}) {
            send(body);
            assertThat(fake.lastRequest().body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode rows = loggedRequests(3, "");
        assertThat(rows.get(0).has("originalModel")).isFalse();
        assertThat(rows.get(2).get("agentUsed").asText()).isEqualTo("reviewer");
    }

    @Test
    void an_account_maps_requested_models_to_its_provider_names_and_can_serve_only_the_requested_model() {
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("zai", AccountMode.ZAI,
                "zai-key-0123456789abcdef", 1, 5, null));
        ApiClient.Reply saved = api.post("/api/accounts/zai/model-mappings",
                "{\"mappings\":{\"claude-sonnet-*\":\"glm-4.6\",\"claude-opus-*\":\"glm-4.5\"}}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().get("mappings").get("claude-sonnet-*").asText()).isEqualTo("glm-4.6");
        api.post("/api/agents/reviewer/preference", "{\"model\":\"opus\"}");

        String body = claudeCodeBody(REVIEWER_PROMPT, true);
        send(body, "x-better-ccflare-account-id", "zai");
        assertThat(upstreamBody(fake.lastRequest())).isEqualTo(body.replace("\"" + CLIENT_MODEL + "\"", "\"glm-4.5\""));
        send(claudeCodeBody(PLANNER_PROMPT, false), "x-better-ccflare-account-id", "zai");
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("glm-4.6");
        send(claudeCodeBody(PLANNER_PROMPT, false), "x-better-ccflare-account-id", "work");
        assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo(CLIENT_MODEL);

        api.post("/api/accounts/zai/model-mappings", "{\"serveRequestedOnly\":true}");
        send(body, "x-better-ccflare-account-id", "zai");
        assertThat(fake.lastRequest().body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(api.get("/api/accounts/zai/model-mappings").json().get("mappings")).hasSize(2);

        JsonNode rows = loggedRequests(4, "");
        assertThat(rows.get(3).get("originalModel").asText()).isEqualTo(CLIENT_MODEL);
        assertThat(rows.get(3).get("appliedModel").asText()).isEqualTo("glm-4.5");
        assertThat(rows.get(2).get("appliedModel").asText()).isEqualTo("glm-4.6");
        assertThat(rows.get(0).get("appliedModel").asText()).isEqualTo(CLIENT_MODEL);
        assertThat(Json.MAPPER.valueToTree(rows.get(3)).get("accountUsed").asText()).isEqualTo("zai");
    }
}
