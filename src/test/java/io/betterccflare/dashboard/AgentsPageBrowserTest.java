package io.betterccflare.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.app.App;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.ApiClient;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Agents page (issue 14) in headless Chromium against the real server: a global agent from a temp home and a
 * workspace agent registered by a Claude Code-shaped request; counts, workspace cards and tabs, the per-agent model
 * select, the edit dialog (which rewrites the markdown file), the bulk update, the account's model-mapping dialog
 * and the requests page's agent filter, all round-tripping through the REST API. Screenshots to docs/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsPageBrowserTest {
    private FakeAnthropic fake;
    private App app;
    private Browser browser;
    private ApiClient api;
    private String base;
    private Path home;

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        home = Files.createTempDirectory("bcf-agents");
        write(home.resolve(".claude/agents/reviewer.md"), "---\nname: code-reviewer\ndescription: Reviews code for bugs\n"
                + "color: blue\nmodel: opus\n---\n\nYou are a meticulous code reviewer.\n");
        Path workspace = home.resolve("projects/shop");
        write(workspace.resolve(".claude/agents/planner.md"), "---\nname: planner\ndescription: Plans features\n"
                + "color: green\ntools: Read, Grep\n---\n\nYou plan work in small steps.\n");
        fake = FakeAnthropic.start();
        app = App.open(new TestEnv(home).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()).config(), Clock.systemUTC());
        int port = app.serve().port();
        base = "http://127.0.0.1:" + port;
        api = new ApiClient(port);
        app.accounts().addKeyAccount(new AccountService.NewKeyAccount("glm", AccountMode.CONSOLE, "sk-ant-api03-glm-0123456789", 1, 0, null));
        api.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,\"system\":\"You plan work in small steps.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"<system-reminder>Contents of " + workspace + "/CLAUDE.md:\\nhi</system-reminder>\"}]}");
        api.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,\"system\":\"You are a meticulous code reviewer.\",\"messages\":[]}");
        browser = new Browser(1366, 900);
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private void openAgents() {
        browser.open(base + "/agents");
        browser.await(By.cssSelector("[data-page='agents']"));
        browser.await(By.id("agent-list"));
    }

    private JsonNode agent(String id) {
        for (JsonNode agent : api.get("/api/agents").json().get("agents")) {
            if (agent.get("id").asText().equals(id)) {
                return agent;
            }
        }
        throw new AssertionError("no agent " + id);
    }

    @Test
    @Order(1)
    void counts_workspace_cards_and_tabs_show_global_and_workspace_agents() {
        openAgents();
        browser.awaitText(By.id("global-count"), "1 Global");
        browser.awaitText(By.id("workspace-count"), "1 Workspace");
        assertThat(browser.driver().findElements(By.cssSelector("[data-agent]"))).hasSize(2);
        browser.driver().findElement(By.cssSelector("[data-workspace='shop']")).click();
        browser.until(d -> d.findElements(By.cssSelector("[data-agent]")).size() == 1);
        assertThat(browser.driver().findElement(By.cssSelector("[data-agent='shop:planner']")).getText()).contains("planner", "shop", "Plans features");
        browser.driver().findElement(By.cssSelector("[data-tab='global']")).click();
        browser.until(d -> d.findElements(By.cssSelector("[data-agent='code-reviewer']")).isEmpty()
                && d.findElements(By.cssSelector("[data-agent='reviewer']")).size() == 1);
        assertThat(browser.driver().findElement(By.cssSelector("[data-agent='reviewer']")).getText()).contains("Opus", "Global");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void the_model_select_stores_a_preference() {
        openAgents();
        new Select(browser.driver().findElement(By.cssSelector("[data-model-select='shop:planner']"))).selectByValue("claude-haiku-4-5-20251001");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent("shop:planner").get("preferredModel").asText().equals("claude-haiku-4-5-20251001"));
        new Select(browser.driver().findElement(By.cssSelector("[data-model-select='shop:planner']"))).selectByValue("inherit");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent("shop:planner").get("preferredModel").isNull());
    }

    @Test
    @Order(3)
    void the_edit_dialog_rewrites_the_agent_file() throws Exception {
        openAgents();
        browser.driver().findElement(By.cssSelector("[data-agent='reviewer'] [data-action='edit']")).click();
        WebElement description = browser.await(By.id("agent-description"));
        description.clear();
        description.sendKeys("Reviews code for bugs and style");
        new Select(browser.driver().findElement(By.id("agent-model"))).selectByValue("claude-sonnet-4-5-20250929");
        browser.driver().findElement(By.cssSelector("[data-color='red']")).click();
        browser.driver().findElement(By.cssSelector("[data-preset='read-only']")).click();
        browser.driver().findElement(By.cssSelector("[data-tool='Bash']")).click();
        browser.driver().findElement(By.id("agent-save")).click();
        browser.awaitText(By.cssSelector("[data-agent='reviewer']"), "Reviews code for bugs and style");

        assertThat(Files.readString(home.resolve(".claude/agents/reviewer.md"))).isEqualTo("""
                ---
                name: code-reviewer
                description: Reviews code for bugs and style
                color: red
                model: claude-sonnet-4-5-20250929
                tools: Bash, Glob, Grep, LS, Read, NotebookRead, WebFetch, TodoWrite, WebSearch
                ---

                You are a meticulous code reviewer.
                """);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void bulk_update_sets_every_agent() {
        openAgents();
        browser.driver().findElement(By.id("bulk-open")).click();
        new Select(browser.await(By.id("bulk-model"))).selectByValue("claude-opus-4-5-20251101");
        browser.driver().findElement(By.id("bulk-apply")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> agent("reviewer").get("preferredModel").asText().equals("claude-opus-4-5-20251101")
                && agent("shop:planner").get("preferredModel").asText().equals("claude-opus-4-5-20251101"));
        browser.awaitText(By.cssSelector("[data-agent='shop:planner']"), "Opus");
    }

    @Test
    @Order(5)
    void an_account_gets_model_mappings_from_its_dialog() {
        browser.open(base + "/accounts");
        browser.await(By.cssSelector("[data-account='glm'] [data-action='models']")).click();
        browser.await(By.id("model-map-add")).click();
        browser.await(By.cssSelector("[data-pattern='0']")).sendKeys("claude-*");
        browser.driver().findElement(By.cssSelector("[data-target='0']")).sendKeys("glm-4.6");
        browser.driver().findElement(By.id("model-map-save")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "glm-4.6".equals(api.get("/api/accounts/glm/model-mappings").json().get("mappings").path("claude-*").asText()));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void the_requests_page_filters_by_agent_and_shows_both_model_names() {
        api.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,\"system\":\"You are a meticulous code reviewer.\",\"messages\":[]}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/requests?status=success").json().size() == 3);
        browser.open(base + "/requests");
        browser.await(By.id("request-list"));
        browser.until(d -> d.findElements(By.cssSelector("[data-request-id]")).size() == 3);
        assertThat(browser.driver().findElement(By.cssSelector("[data-model-rewrite]")).getText())
                .isEqualTo("claude-sonnet-4-5 → glm-4.6");
        browser.driver().findElement(By.id("request-filters-toggle")).click();
        new Select(browser.await(By.id("filter-agent"))).selectByValue("shop:planner");
        browser.awaitText(By.id("request-count"), "1–1 of 1 requests");
    }

    @Test
    @Order(100)
    void the_page_loads_without_console_errors_in_light_and_dark() {
        for (String theme : List.of("light", "dark")) {
            browser.open(base + "/");
            browser.script("localStorage.setItem('theme', arguments[0])", theme);
            browser.consoleErrors();
            openAgents();
            browser.screenshot(Path.of("docs", "screenshots", "agents-" + theme + ".png"), 2200);
            assertThat(browser.consoleErrors()).as(theme).isEmpty();
        }
        browser.script("localStorage.removeItem('theme')");
    }
}
