package io.betterccflare.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.betterccflare.app.App;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.fake.FakeResponse;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against the real server, with the fake Anthropic upstream behind two
 * Anthropic-compatible accounts: requests sent through the proxy appear live with their payloads and in the
 * Overview, filters change what is shown, account actions and the add-account wizard round-trip to the REST API,
 * and (last, with data in place) every page loads without console errors and is screenshotted to
 * docs/screenshots in light and dark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final List<String> PAGES = List.of("overview", "analytics", "requests", "accounts", "logs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SCREENSHOTS = Path.of("docs", "screenshots");

    private FakeAnthropic fake;
    private App app;
    private Browser browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        fake = FakeAnthropic.start();
        Path home = Files.createTempDirectory("bcf-dashboard");
        app = App.open(new TestEnv(home).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl()).config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + app.serve().port();
        for (String name : List.of("live-a", "live-b")) {
            api("POST", "/api/accounts/anthropic-compatible", Map.of("name", name, "apiKey", "sk-test-" + name,
                    "endpoint", fake.baseUrl(), "priority", name.equals("live-a") ? 0 : 1));
        }
        browser = new Browser(1366, 900);
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

    /** Sends one Messages request through the proxy, pinned to an account; returns the HTTP status. */
    int send(String text, String account) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-better-ccflare-account-id", account)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "model", "claude-sonnet-4-5-20250929", "max_tokens", 64,
                        "messages", List.of(Map.of("role", "user", "content", text))))))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    long countFor(String account) throws Exception {
        long count = 0;
        for (JsonNode r : api("GET", "/api/requests?limit=200", null)) {
            count += account.equals(r.path("accountUsed").asText()) ? 1 : 0;
        }
        return count;
    }

    int rowCount() {
        return browser.driver().findElements(By.cssSelector("[data-request-id]")).size();
    }

    JsonNode api(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + " → " + response.body()).isLessThan(300);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    JsonNode account(String name) throws Exception {
        for (JsonNode account : api("GET", "/api/accounts", null)) {
            if (account.get("name").asText().equals(name)) {
                return account;
            }
        }
        return null;
    }

    void addKeyAccount(String name, int priority) throws Exception {
        api("POST", "/api/accounts/zai", Map.of("name", name, "apiKey", "zai-key-" + name, "priority", priority));
    }

    void openPage(String page) {
        browser.open(base + "/" + page);
        browser.await(By.cssSelector("[data-page='" + page + "']"));
        browser.until(driver -> driver.findElements(By.xpath("//*[normalize-space(text())='Loading…']")).isEmpty());
    }

    void saveScreenshot(String name) {
        browser.screenshot(SCREENSHOTS.resolve(name + ".png"), 2200);
    }

    @Test
    @Order(1)
    void a_request_through_the_proxy_appears_live_with_its_payload_and_in_the_overview() throws Exception {
        openPage("requests");
        browser.awaitText(By.id("live-state"), "Live");
        int before = rowCount();
        browser.script("window.notReloaded = true");

        assertThat(send("hello from the live dashboard test", "live-a")).isEqualTo(200);

        browser.until(d -> rowCount() == before + 1);
        WebElement row = browser.driver().findElements(By.cssSelector("[data-request-id]")).getFirst();
        browser.until(d -> !row.getAttribute("class").contains("pending") && row.getText().contains("tokens"));
        assertThat(row.getText()).contains("POST", "/v1/messages", "200", "via live-a");
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);

        row.findElement(By.xpath(".//button[normalize-space()='Details']")).click();
        browser.await(By.id("request-detail"));
        browser.awaitText(By.cssSelector(".conversation"), "hello from the live dashboard test");
        browser.driver().findElement(By.cssSelector("[data-tab='request']")).click();
        browser.awaitText(By.id("request-body"), "\"content\": \"hello from the live dashboard test\"");
        browser.driver().findElement(By.cssSelector("[data-tab='response']")).click();
        browser.awaitText(By.id("response-body"), "\"type\": \"message\"");
        browser.driver().findElement(By.cssSelector("[data-tab='tokens']")).click();
        browser.awaitText(By.cssSelector(".token-usage"), "Output");
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        browser.awaitGone(By.id("request-detail"));

        openPage("overview");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api("GET", "/api/analytics?range=24h", null).get("totals").get("requests").asInt() == before + 1);
        int stored = before + 1;
        browser.awaitText(By.cssSelector("[data-kpi='Total Requests'] .kpi-value"), String.format("%,d", stored));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void filters_change_what_is_shown() throws Exception {
        assertThat(send("one for b", "live-b")).isEqualTo(200);
        fake.enqueue(FakeResponse.error(400, "invalid_request_error", "max_tokens: too large"));
        assertThat(send("a bad one for b", "live-b")).isEqualTo(400);
        // Records are written off the request path: wait until both of b's requests are stored.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> countFor("live-b") == 2);
        JsonNode rows = api("GET", "/api/requests?limit=200", null);
        long total = rows.size();
        long forB = countFor("live-b");
        long failed = 0;
        for (JsonNode r : rows) {
            failed += r.get("success").asBoolean() ? 0 : 1;
        }
        long onlyA = total - forB;
        assertThat(failed).isEqualTo(1);

        openPage("requests");
        browser.until(d -> rowCount() == total);
        browser.driver().findElement(By.id("request-filters-toggle")).click();
        new Select(browser.await(By.id("filter-account"))).selectByValue("live-b");
        browser.awaitText(By.id("request-count"), "1–" + forB + " of " + forB + " requests");
        assertThat(rowCount()).isEqualTo(forB);
        new Select(browser.driver().findElement(By.id("filter-status"))).selectByValue("error");
        browser.awaitText(By.id("request-count"), "1–1 of 1 requests");
        assertThat(browser.driver().findElement(By.id("request-list")).getText()).contains("400");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Clear all']")).click();
        browser.until(d -> rowCount() == total);
        browser.driver().findElement(By.cssSelector("[data-preset='1h']")).click();
        browser.awaitText(By.id("request-count"), "1–" + total + " of " + total + " requests");

        openPage("analytics");
        browser.until(d -> String.valueOf(total).equals(d.findElement(By.cssSelector("[data-total-requests]")).getAttribute("data-total-requests")));
        browser.driver().findElement(By.id("filters-toggle")).click();
        new Select(browser.await(By.id("filter-status"))).selectByValue("error");
        browser.until(d -> "1".equals(d.findElement(By.cssSelector("[data-total-requests]")).getAttribute("data-total-requests")));
        new Select(browser.driver().findElement(By.id("filter-status"))).selectByValue("all");
        browser.driver().findElement(By.cssSelector("input[name='filter-account'][value='live-a']")).click();
        browser.until(d -> String.valueOf(onlyA).equals(d.findElement(By.cssSelector("[data-total-requests]")).getAttribute("data-total-requests")));
    }

    @Test
    @Order(3)
    void filters_and_pages_cover_the_whole_log_not_only_the_newest_rows() throws Exception {
        long recent = api("GET", "/api/requests/page?limit=1", null).path("total").asLong();
        long old = System.currentTimeMillis() - 20L * 86_400_000;
        app.database().jdbi().useTransaction(handle -> {
            for (int i = 0; i < 260; i++) {
                handle.createUpdate("INSERT INTO requests (id, timestamp, method, path, status_code, success) "
                        + "VALUES (:id, :ts, 'POST', '/v1/messages', 200, TRUE)").bind("id", "old-" + i).bind("ts", old - i).execute();
            }
        });
        long all = recent + 260;

        openPage("requests");
        browser.driver().findElement(By.id("request-filters-toggle")).click();
        browser.await(By.cssSelector("[data-preset='30d']")).click();
        browser.awaitText(By.id("request-count"), "1–50 of " + all + " requests");
        browser.driver().findElement(By.id("page-next")).click();
        browser.awaitText(By.id("request-count"), "51–100 of " + all + " requests");
        browser.until(d -> rowCount() == 50);
        browser.driver().findElement(By.cssSelector("[data-preset='7d']")).click();
        browser.awaitText(By.id("request-count"), "1–" + recent + " of " + recent + " requests");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void the_live_list_stays_bounded_and_a_lost_stream_says_it_is_retrying() throws Exception {
        openPage("requests");
        browser.awaitText(By.id("live-state"), "Live");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 210; i++) {
                int n = i;
                pool.submit(() -> send("burst " + n, "live-a"));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                api("GET", "/api/requests/page?limit=1&account=live-a", null).path("total").asLong() >= 210);
        assertThat(Integer.parseInt(browser.driver().findElement(By.id("live-size")).getAttribute("data-live-size")))
                .isLessThanOrEqualTo(200);

        // A second server whose page stays open in the browser after the server stops.
        App second = App.open(new TestEnv(Files.createTempDirectory("bcf-dashboard-2")).config(), Clock.systemUTC());
        try {
            browser.open("http://127.0.0.1:" + second.serve().port() + "/requests");
            browser.awaitText(By.id("live-state"), "Live");
        } finally {
            second.close();
        }
        browser.until(d -> d.findElement(By.id("live-state")).getText().startsWith("Disconnected, retrying in "));
        browser.until(d -> "unreachable".equals(d.findElement(By.id("system-status")).getAttribute("data-status")));
    }

    @Test
    @Order(5)
    void the_sidebar_shows_the_servers_health_and_the_overview_the_storage() throws Exception {
        openPage("overview");
        browser.until(d -> "ok".equals(d.findElement(By.id("system-status")).getAttribute("data-status")));
        assertThat(browser.driver().findElement(By.id("system-status")).getText()).contains("All systems operational");
        long stored = api("GET", "/api/requests/page?limit=1", null).path("total").asLong();
        browser.until(d -> d.findElement(By.cssSelector("#storage-tables [data-table='requests']")).getText()
                .contains(String.format("%,d", stored)));
        assertThat(browser.driver().findElement(By.id("storage-card")).getText()).contains("Last integrity check: never");

        for (String name : List.of("live-a", "live-b")) {
            api("POST", "/api/accounts/" + account(name).path("id").asText() + "/pause", null);
        }
        browser.until(d -> "unhealthy".equals(d.findElement(By.id("system-status")).getAttribute("data-status")));
        assertThat(browser.driver().findElement(By.id("system-status")).getText())
                .contains("Unhealthy", "no account can serve: 0 locked out, 2 paused, 0 need re-authentication");
        for (String name : List.of("live-a", "live-b")) {
            api("POST", "/api/accounts/" + account(name).path("id").asText() + "/resume", null);
        }
        browser.until(d -> "ok".equals(d.findElement(By.id("system-status")).getAttribute("data-status")));
    }

    @Test
    @Order(100)
    void each_page_loads_without_console_errors_in_light_and_dark() throws Exception {
        addKeyAccount("screens-glm", 10);
        long stored = api("GET", "/api/requests/page?limit=1", null).path("total").asLong();
        for (int i = 0; i < 6; i++) {
            send("screenshot traffic " + i, i % 2 == 0 ? "live-a" : "live-b");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                api("GET", "/api/requests/page?limit=1", null).path("total").asLong() == stored + 6);
        for (String theme : List.of("light", "dark")) {
            browser.open(base + "/");
            browser.script("localStorage.setItem('theme', arguments[0])", theme);
            for (String page : PAGES) {
                browser.consoleErrors();
                openPage(page);
                assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo(theme);
                saveScreenshot(page + "-" + theme);
                assertThat(browser.consoleErrors()).as(page + " (" + theme + ")").isEmpty();
            }
        }
        browser.script("localStorage.removeItem('theme')");
    }

    @Test
    void the_client_routes_and_aliases_show_their_pages() {
        browser.open(base + "/dashboard");
        browser.await(By.cssSelector("[data-page='overview']"));
        browser.driver().findElement(By.cssSelector("[data-nav='Accounts']")).click();
        browser.await(By.cssSelector("[data-page='accounts']"));
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/accounts");
        browser.driver().navigate().back();
        browser.await(By.cssSelector("[data-page='overview']"));
    }

    WebElement row(String name) {
        return browser.await(By.cssSelector("[data-account='" + name + "']"));
    }

    void click(String name, String action) {
        row(name).findElement(By.cssSelector("[data-action='" + action + "']")).click();
    }

    void expectToast(String text) {
        browser.awaitText(By.cssSelector(".toasts"), text);
    }

    @Test
    void pause_resume_rename_priority_and_remove_round_trip_to_the_api() throws Exception {
        addKeyAccount("actions-a", 40);
        openPage("accounts");

        click("actions-a", "pause");
        expectToast("Account 'actions-a' paused successfully");
        browser.until(d -> !d.findElements(By.cssSelector("[data-account='actions-a'] [data-paused]")).isEmpty());
        assertThat(account("actions-a").get("paused").asBoolean()).isTrue();

        click("actions-a", "resume");
        expectToast("Account 'actions-a' resumed successfully");
        browser.awaitGone(By.cssSelector("[data-account='actions-a'] [data-paused]"));
        assertThat(account("actions-a").get("paused").asBoolean()).isFalse();

        click("actions-a", "rename");
        WebElement input = browser.await(By.id("rename-input"));
        input.clear();
        input.sendKeys("actions-b");
        browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).click();
        expectToast("Account renamed from 'actions-a' to 'actions-b'");
        row("actions-b");
        assertThat(account("actions-a")).isNull();
        assertThat(account("actions-b")).isNotNull();

        click("actions-b", "priority");
        WebElement priority = browser.await(By.id("priority-input"));
        priority.clear();
        priority.sendKeys("7");
        browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).click();
        expectToast("Priority of 'actions-b' set to 7");
        browser.awaitText(By.cssSelector("[data-account='actions-b']"), "Priority: 7");
        assertThat(account("actions-b").get("priority").asInt()).isEqualTo(7);

        click("actions-b", "remove");
        WebElement confirm = browser.await(By.id("remove-confirm"));
        WebElement remove = browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]"));
        confirm.sendKeys("actions-");
        assertThat(remove.isEnabled()).isFalse();
        confirm.sendKeys("b");
        assertThat(remove.isEnabled()).isTrue();
        remove.click();
        expectToast("Account 'actions-b' removed successfully");
        browser.awaitGone(By.cssSelector("[data-account='actions-b']"));
        assertThat(account("actions-b")).isNull();
    }

    /** Issue 10 part 8: the account's own proxy is set, shown masked, refused when not http(s), and removed. */
    @Test
    void the_proxy_dialog_sets_shows_masked_and_removes_an_accounts_proxy() throws Exception {
        addKeyAccount("proxied", 41);
        openPage("accounts");

        click("proxied", "proxy");
        WebElement input = browser.await(By.id("proxy-input"));
        WebElement save = browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]"));
        input.sendKeys("socks5://127.0.0.1:1080");
        assertThat(save.isEnabled()).isFalse();
        input.clear();
        input.sendKeys("http://corp:s3cret@proxy.corp.example:3128");
        save.click();
        expectToast("Proxy URL updated successfully");
        browser.awaitText(By.cssSelector("[data-account='proxied'] [data-proxy]"), "via proxy http://****@proxy.corp.example:3128");
        assertThat(account("proxied").get("proxyUrl").asText()).isEqualTo("http://****@proxy.corp.example:3128");
        assertThat(browser.driver().getPageSource()).doesNotContain("s3cret");

        click("proxied", "proxy");
        // The credentials never come back: the field starts empty, and saving it empty removes the proxy.
        assertThat(browser.await(By.id("proxy-input")).getAttribute("value")).isEmpty();
        browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).click();
        browser.awaitGone(By.cssSelector("[data-account='proxied'] [data-proxy]"));
        assertThat(account("proxied").get("proxyUrl").isNull()).isTrue();

        // The endpoint dialog shares the URL check.
        click("proxied", "endpoint");
        WebElement endpoint = browser.await(By.id("endpoint-input"));
        endpoint.sendKeys("not a url");
        assertThat(browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).isEnabled()).isFalse();
        endpoint.clear();
        endpoint.sendKeys("https://glm.example.test/api");
        assertThat(browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).isEnabled()).isTrue();
        browser.driver().findElement(By.xpath("//*[@role='dialog']//button[normalize-space(text())='Cancel']")).click();
        browser.awaitGone(By.id("endpoint-input"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** Sends one Messages request for {@code model} pinned to {@code account}; returns the HTTP status. */
    int sendModel(String model, String account) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-better-ccflare-account-id", account)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("model", model, "max_tokens", 16,
                        "messages", List.of(Map.of("role", "user", "content", "hi"))))))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void lockouts_show_the_window_that_caused_them_and_a_countdown() throws Exception {
        api("POST", "/api/accounts/console", Map.of("name", "limited", "apiKey", "sk-ant-api03-limited-0123456789", "priority", 9));
        long now = System.currentTimeMillis() / 1000;
        // A per-family weekly scope keeps only that family off the account (issue 11 part 2)...
        fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withWindow("5h", "allowed", now + 3_600).withWindow("7d", "allowed_warning", now + 4 * 86_400)
                .withWindow("7d_oi", "rejected", now + 2 * 86_400));
        assertThat(sendModel("claude-fable-5", "limited")).isEqualTo(429);
        // ...and a spent 5-hour window benches the whole account until that window resets (part 1).
        fake.enqueue(FakeResponse.error(429, "rate_limit_error", "rate limit exceeded")
                .withAggregate("rejected", now + 4 * 86_400, "seven_day")
                .withWindow("5h", "rejected", now + 3_600).withWindow("7d", "allowed", now + 4 * 86_400));
        assertThat(sendModel("claude-sonnet-4-5-20250929", "limited")).isEqualTo(429);

        openPage("accounts");
        WebElement lockouts = browser.await(By.cssSelector("[data-account='limited'] [data-lockouts]"));
        // Whole minutes, rounded up: both lockouts were set less than a minute ago.
        browser.until(d -> lockouts.getText().equals("Locked out: account (5h) ends in 1h 0m · fable (7d_oi) ends in 2d 0h"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-account='live-a'] [data-lockouts]"))).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
        api("DELETE", "/api/accounts/" + account("limited").get("id").asText(), Map.of("confirm", "limited"));
    }

    @Test
    void a_rejected_action_shows_the_server_error() throws Exception {
        addKeyAccount("taken-name", 30);
        addKeyAccount("other-name", 31);
        openPage("accounts");
        click("other-name", "rename");
        WebElement input = browser.await(By.id("rename-input"));
        input.clear();
        input.sendKeys("taken-name");
        browser.driver().findElement(By.cssSelector("[role=dialog] [data-submit]")).click();
        expectToast("Account name 'taken-name' is already taken");
        browser.consoleErrors();
    }

    @Test
    void the_wizard_adds_an_api_key_account() throws Exception {
        openPage("accounts");
        browser.await(By.id("add-account-open")).click();
        browser.await(By.id("add-name")).sendKeys("wizard-zai");
        new Select(browser.driver().findElement(By.id("add-mode"))).selectByValue("zai");
        browser.await(By.id("add-key")).sendKeys("zai-secret-key-123");
        new Select(browser.driver().findElement(By.id("add-priority"))).selectByValue("25");
        browser.driver().findElement(By.id("add-continue")).click();
        expectToast("z.ai account 'wizard-zai' added successfully");
        row("wizard-zai");
        JsonNode added = account("wizard-zai");
        assertThat(added.get("provider").asText()).isEqualTo("zai");
        assertThat(added.get("priority").asInt()).isEqualTo(25);
        assertThat(browser.driver().getPageSource()).doesNotContain("zai-secret-key-123");
    }

    @Test
    void the_wizard_starts_a_claude_login_and_asks_for_the_code() throws Exception {
        openPage("accounts");
        browser.script("window.open = (url) => { window.openedUrl = url; return null; }");
        browser.await(By.id("add-account-open")).click();
        browser.await(By.id("add-name")).sendKeys("wizard-max");
        browser.driver().findElement(By.id("add-continue")).click();
        browser.await(By.id("oauth-code"));
        String opened = (String) browser.script("return window.openedUrl");
        assertThat(opened).startsWith("https://").contains("/oauth/authorize?").contains("code_challenge=", "code_challenge_method=S256");
        assertThat(browser.driver().findElement(By.linkText("authorization page")).getAttribute("href")).isEqualTo(opened);
        browser.driver().findElement(By.xpath("//button[normalize-space()='Cancel']")).click();
        browser.await(By.id("add-account-open"));
        assertThat(account("wizard-max")).isNull();
    }

    @Test
    void retention_save_cleanup_and_compact_round_trip_to_the_api() throws Exception {
        openPage("overview");
        WebElement payloadDays = browser.await(By.id("payload-days"));
        browser.until(d -> !payloadDays.getAttribute("value").isEmpty());
        browser.driver().findElement(By.xpath("//button[normalize-space()='14d']")).click();
        expectToast("Payload retention set to 14 days");
        assertThat(api("GET", "/api/config/retention", null).get("payloadDays").asInt()).isEqualTo(14);

        WebElement requestDays = browser.driver().findElement(By.id("request-days"));
        requestDays.clear();
        requestDays.sendKeys("400");
        requestDays.findElement(By.xpath("../following-sibling::button[normalize-space()='Save']")).click();
        expectToast("Request retention set to 400 days");
        assertThat(api("GET", "/api/config/retention", null).get("requestDays").asInt()).isEqualTo(400);

        browser.driver().findElement(By.xpath("//button[normalize-space()='Clean up now']")).click();
        browser.awaitText(By.id("retention-note"), "Removed 0 requests and 0 payloads older than");
        browser.driver().findElement(By.xpath("//button[normalize-space()='Compact database']")).click();
        browser.awaitText(By.id("retention-note"), "Database compacted");
    }

    @Test
    void the_overview_lists_the_live_instances_with_version_and_leader() {
        openPage("overview");
        String self = app.database().instanceId();
        WebElement instance = browser.await(By.cssSelector("[data-card='instances'] [data-instance='" + self + "']"));
        browser.until(d -> instance.getText().contains("this one"));
        assertThat(instance.getText()).contains(self, "runs background jobs", "Version " + io.betterccflare.app.Version.VALUE, "up ");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void logs_show_history_and_pause_resume_and_clear() {
        openPage("logs");
        browser.awaitText(By.id("log-state"), "Live");
        org.slf4j.LoggerFactory.getLogger(DashboardBrowserTest.class).warn("dashboard live tail marker");
        browser.awaitText(By.id("log-lines"), "[WARN]  dashboard live tail marker");
        browser.driver().findElement(By.id("log-pause")).click();
        browser.awaitText(By.id("log-state"), "Paused");
        browser.driver().findElement(By.id("log-clear")).click();
        browser.awaitText(By.id("log-lines"), "No log lines yet");
        browser.driver().findElement(By.id("log-pause")).click();
        browser.awaitText(By.id("log-state"), "Live");
    }

}
