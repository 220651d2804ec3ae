package io.betterccflare.agents;

import static io.betterccflare.agents.AgentsThroughProxyContract.writeAgent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents API's answers and errors (reference-surface.md §2.4.18, with validation errors as 400s), the markdown
 * rewrite of {@code PATCH /api/agents/{id}}, the model-mappings API's errors, and the front-matter opt-in.
 */
class AgentApiTest {
    private static final String FILE = """
            ---
            name: reviewer
            description: Reviews code
            x-team: platform
            tools: Read, Grep
            model: sonnet
            ---

            You review code.
            """;

    @TempDir
    Path home;

    private RunningApp app;
    private ApiClient api;
    private Path agentFile;

    private void start(TestEnv env) {
        app = RunningApp.start(env.config(), Clock.systemUTC());
        api = new ApiClient(app.uri("").getPort());
    }

    @BeforeEach
    void agentFiles() throws IOException {
        agentFile = home.resolve(".claude/agents/reviewer.md");
        Files.createDirectories(agentFile.getParent());
        Files.writeString(agentFile, FILE);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static void assertError(ApiClient.Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("error").asText()).isEqualTo(message);
    }

    @Test
    void preference_errors_are_400_and_unknown_agents_404() {
        start(new TestEnv(home));
        String invalid = "Invalid model: 'gpt-4o'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit";

        assertError(api.post("/api/agents/reviewer/preference", "{}"), 400, "Model is required");
        assertError(api.post("/api/agents/reviewer/preference", "{\"model\":\"gpt-4o\"}"), 400, invalid);
        assertError(api.post("/api/agents/reviewer/preference", "{\"model\":7}"), 400, "model must be a string");
        assertError(api.post("/api/agents/reviewer/preference", "not json"), 400, "Request body is not valid JSON");
        assertError(api.post("/api/agents/nobody/preference", "{\"model\":\"opus\"}"), 404, "Agent not found");
        assertError(api.post("/api/agents/bulk-preference", "{\"model\":\"claude x\"}"), 400,
                "Invalid model: 'claude x'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit");

        JsonNode bulk = api.post("/api/agents/bulk-preference", "{\"model\":\"sonnet\"}").json();
        assertThat(bulk.get("updatedCount").asInt()).isEqualTo(1);
        assertThat(bulk.get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(api.get("/api/agents").json().get("agents").get(0).get("preferredModel").asText())
                .isEqualTo("claude-sonnet-4-5-20250929");
        JsonNode cleared = api.post("/api/agents/reviewer/preference", "{\"model\":\"inherit\"}").json();
        assertThat(cleared.get("model").asText()).isEqualTo("inherit");
        assertThat(api.get("/api/agents").json().get("agents").get(0).get("preferredModel").isNull()).isTrue();
    }

    @Test
    void bulk_preference_without_agents_says_so() throws IOException {
        Files.delete(agentFile);
        start(new TestEnv(home));

        assertThat(api.post("/api/agents/bulk-preference", "{\"model\":\"opus\"}").json().get("message").asText())
                .isEqualTo("No agents found to update");
    }

    @Test
    void patch_rewrites_the_markdown_keeping_other_keys_and_rejects_bad_values_with_400() throws IOException {
        start(new TestEnv(home));
        api.post("/api/agents/reviewer/preference", "{\"model\":\"opus\"}");

        assertError(api.patch("/api/agents/reviewer", "{\"color\":\"teal\"}"), 400,
                "color must be one of: gray, blue, green, yellow, orange, red, purple, pink, indigo, cyan");
        assertError(api.patch("/api/agents/reviewer", "{\"mode\":\"everything\"}"), 400,
                "mode must be one of: all, edit, read-only, execution, custom");
        assertError(api.patch("/api/agents/reviewer", "{\"mode\":\"custom\"}"), 400, "tools is required when mode is custom");
        assertError(api.patch("/api/agents/reviewer", "{\"mode\":\"custom\",\"tools\":[\"Read\",\"Teleport\"]}"), 400,
                "Unknown tool 'Teleport'. Tools: Bash, Glob, Grep, LS, Read, Edit, MultiEdit, Write, NotebookRead,"
                        + " NotebookEdit, WebFetch, TodoWrite, WebSearch");
        assertError(api.patch("/api/agents/reviewer", "{\"tools\":\"Read\"}"), 400, "tools must be an array of strings");
        assertError(api.patch("/api/agents/reviewer", "{\"description\":\"  \"}"), 400, "description must not be empty");
        assertError(api.patch("/api/agents/reviewer", "{}"), 400,
                "Nothing to change: send description, model, color, systemPrompt, mode or tools");
        assertError(api.patch("/api/agents/reviewer", "{\"model\":\"o1\"}"), 400,
                "Invalid model: 'o1'. Use a claude-* model id or one of: opus, sonnet, haiku, inherit");
        assertError(api.patch("/api/agents/ghost", "{\"color\":\"red\"}"), 404, "Agent not found");
        assertThat(Files.readString(agentFile)).isEqualTo(FILE);

        ApiClient.Reply ok = api.patch("/api/agents/reviewer", """
                {"description":"Reviews code\\nthoroughly","model":"haiku","color":"red","mode":"read-only",
                 "systemPrompt":"You review code.\\nBe kind."}""");

        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("agent").get("color").asText()).isEqualTo("red");
        assertThat(ok.json().get("agent").get("preferredModel").isNull()).isTrue();
        assertThat(Files.readString(agentFile)).isEqualTo("""
                ---
                name: reviewer
                description: Reviews code thoroughly
                x-team: platform
                tools: Glob, Grep, LS, Read, NotebookRead, WebFetch, TodoWrite, WebSearch
                model: claude-haiku-4-5-20251001
                color: red
                ---

                You review code.
                Be kind.
                """);
        api.patch("/api/agents/reviewer", "{\"mode\":\"all\"}");
        assertThat(Files.readString(agentFile)).doesNotContain("tools:");
    }

    @Test
    void model_mapping_errors_are_400_and_unknown_accounts_404() {
        start(new TestEnv(home));
        app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("zai", AccountMode.ZAI, "zai-key-0123456789abcdef", 1, 0, null));

        assertError(api.post("/api/accounts/zai/model-mappings", "{\"mappings\":{\"claude sonnet\":\"glm-4.6\"}}"), 400,
                "Invalid model pattern 'claude sonnet': use model-name characters and * (for example claude-sonnet-*)");
        assertError(api.post("/api/accounts/zai/model-mappings", "{\"mappings\":{\"claude-*\":\"glm*\"}}"), 400,
                "Invalid target model 'glm*' for pattern 'claude-*': a model name without spaces or *");
        assertError(api.post("/api/accounts/zai/model-mappings", "{\"mappings\":[\"x\"]}"), 400, "mappings must be an object of strings");
        assertError(api.post("/api/accounts/zai/model-mappings", "{\"mappings\":{\"a\":1}}"), 400, "mappings.a must be a string");
        assertError(api.post("/api/accounts/zai/model-mappings", "{\"serveRequestedOnly\":\"yes\"}"), 400,
                "serveRequestedOnly must be true or false");
        assertError(api.post("/api/accounts/zai/model-mappings", "{}"), 400,
                "Send mappings (an object of pattern: model) and/or serveRequestedOnly");
        assertThat(api.get("/api/accounts/nobody/model-mappings").status()).isEqualTo(404);
        assertThat(api.get("/api/accounts/zai/model-mappings").json().get("mappings")).isEmpty();
    }

    @Test
    void front_matter_models_rewrite_only_when_turned_on_and_inherit_never_does() throws IOException {
        writeAgent(agentFile.getParent(), "heir.md", "name: heir\ndescription: Inherits\nmodel: inherit", "You inherit.");
        try (FakeAnthropic fake = FakeAnthropic.start()) {
            start(new TestEnv(home).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl())
                    .with("BETTER_CCFLARE_AGENT_FRONTMATTER_MODELS", "true"));
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                    "sk-ant-api03-account-secret-0123456789", 1, 0, null));
            String body = "{\"model\":\"claude-haiku-4-5\",\"system\":\"%s\",\"max_tokens\":5,\"messages\":[]}";

            api.post("/v1/messages", body.formatted("You review code."));
            assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
            api.post("/v1/messages", body.formatted("You inherit."));
            assertThat(fake.lastRequest().json().get("model").asText()).isEqualTo("claude-haiku-4-5");
        }
    }
}
