package io.betterccflare.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.access.KeyLimits;
import io.betterccflare.access.Role;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.app.App;
import io.betterccflare.support.FakeHttpServer;
import io.betterccflare.support.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 15 in headless Chromium: a page served on another port cannot drive the server (the CSRF attack of the
 * issue, {@code no-cors} with a {@code text/plain} body), unless its origin is listed in
 * {@code BETTER_CCFLARE_CORS_ORIGINS}; with API keys on, the dashboard logs in with an admin key (HttpOnly session
 * cookie), manages keys (generate, edit limits, revoke) and logs out, without a Content-Security-Policy violation.
 */
class AccessBrowserTest {
    private static final String ATTACK = """
            <!doctype html><html><body><script>
            const q = new URLSearchParams(location.search);
            const url = q.get('target') + '/api/accounts/' + q.get('account') + '/custom-endpoint';
            const body = '{"customEndpoint": "http://attacker.example"}';
            const init = q.get('mode') === 'cors'
              ? { method: 'POST', mode: 'cors', headers: { 'content-type': 'application/json' }, body }
              : { method: 'POST', mode: 'no-cors', body };
            fetch(url, init).then((r) => { document.title = 'sent ' + r.type + ' ' + r.status; },
                                  (e) => { document.title = 'failed ' + e.message; });
            </script></body></html>""";

    private App app;
    private FakeHttpServer attacker;
    private Browser browser;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (attacker != null) {
            attacker.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private String start(TestEnv env) {
        app = App.open(env.config(), Clock.systemUTC());
        String base = "http://127.0.0.1:" + app.serve().port();
        browser = new Browser(1280, 900);
        return base;
    }

    private FakeHttpServer attackerPage() {
        return new FakeHttpServer().route("GET", "/attack",
                request -> new FakeHttpServer.Reply(200, Map.of("content-type", "text/html; charset=utf-8"), ATTACK));
    }

    private Account victim() {
        return app.accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                "sk-ant-api03-secret-0123456789", 1, 0, null));
    }

    @Test
    void a_page_on_another_port_cannot_redirect_an_account_to_an_attacker() throws Exception {
        attacker = attackerPage();
        String base = start(new TestEnv(Files.createTempDirectory("bcf-csrf")));
        Account account = victim();
        browser.open(attacker.uri() + "/attack?mode=no-cors&target=" + base + "&account=" + account.id());
        browser.until(driver -> driver.getTitle().startsWith("sent") || driver.getTitle().startsWith("failed"));
        assertThat(browser.driver().getTitle()).isEqualTo("sent opaque 0");
        assertThat(app.accounts().find("work").customEndpoint()).isNull();
    }

    @Test
    void a_configured_cors_origin_may_call_the_api_which_shows_the_attack_page_works() throws Exception {
        attacker = attackerPage();
        Path home = Files.createTempDirectory("bcf-cors");
        String base = start(new TestEnv(home).with("BETTER_CCFLARE_CORS_ORIGINS", attacker.uri().toString()));
        Account account = victim();
        browser.open(attacker.uri() + "/attack?mode=cors&target=" + base + "&account=" + account.id());
        browser.until(driver -> driver.getTitle().startsWith("sent") || driver.getTitle().startsWith("failed"));
        assertThat(browser.driver().getTitle()).isEqualTo("sent cors 200");
        assertThat(app.accounts().find("work").customEndpoint()).isEqualTo("http://attacker.example");
    }

    @Test
    void with_keys_on_the_dashboard_logs_in_manages_keys_and_logs_out() throws Exception {
        String base = start(new TestEnv(Files.createTempDirectory("bcf-login")));
        String rootKey = app.apiKeys().generate("root", Role.ADMIN, KeyLimits.NONE).secret();
        browser.open(base + "/api-keys");
        browser.await(By.id("key"));
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/login?next=%2Fapi-keys");
        browser.await(By.id("key")).sendKeys("btr-wrong");
        browser.await(By.id("submit")).click();
        browser.awaitText(By.id("error"), "Invalid API key");
        browser.await(By.id("key")).clear();
        browser.await(By.id("key")).sendKeys(rootKey);
        browser.await(By.id("submit")).click();
        browser.await(By.id("key-list"));
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/api-keys");
        assertThat((String) browser.script("return document.cookie")).doesNotContain("bcf_session");

        browser.await(By.id("key-new")).click();
        browser.await(By.id("key-name")).sendKeys("ci");
        browser.script("const s = document.getElementById('key-role'); s.value = 'api-only';"
                + " s.dispatchEvent(new Event('change', { bubbles: true }));");
        browser.await(By.id("key-rpm")).sendKeys("5");
        browser.await(By.id("key-allowedModels")).sendKeys("claude-sonnet-*");
        browser.await(By.id("key-save")).click();
        String shown = browser.await(By.id("new-key")).getText();
        assertThat(shown).startsWith("btr-");
        assertThat(app.apiKeys().authenticate(shown).orElseThrow().name()).isEqualTo("ci");
        browser.awaitText(By.cssSelector("tr[data-key='ci']"), "5/min");
        assertThat(browser.await(By.cssSelector("tr[data-key='ci']")).getText()).contains("api-only").contains("claude-sonnet-*");

        browser.await(By.cssSelector("tr[data-key='ci'] [data-action='edit']")).click();
        browser.await(By.id("key-rpm")).clear();
        browser.await(By.id("key-rpm")).sendKeys("7");
        browser.await(By.id("key-save")).click();
        browser.awaitText(By.cssSelector("tr[data-key='ci']"), "7/min");
        assertThat(app.apiKeys().find("ci").limits().rpm()).isEqualTo(7);

        browser.await(By.cssSelector("tr[data-key='ci'] [data-action='revoke']")).click();
        browser.driver().switchTo().alert().accept();
        browser.awaitGone(By.cssSelector("tr[data-key='ci']"));
        assertThat(app.apiKeys().list()).extracting(k -> k.name()).containsExactly("root");

        for (String page : List.of("/", "/analytics", "/requests", "/accounts", "/logs")) {
            browser.open(base + page);
            browser.await(By.cssSelector("[data-page]"));
        }
        assertThat(browser.consoleErrors()).filteredOn(line -> line.contains("Content Security Policy")).isEmpty();

        browser.await(By.id("logout")).click();
        browser.await(By.id("key"));
        assertThat(app.apiKeys().list()).hasSize(1);
        browser.open(base + "/accounts");
        browser.await(By.id("key"));
        assertThat(browser.driver().getCurrentUrl()).startsWith(base + "/login");
    }
}
