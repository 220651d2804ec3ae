package io.betterccflare.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.app.App;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's HTTP surface on the real server: SPA index on every page path, cached assets, webjars. */
class DashboardRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tempDir;
    private App app;
    private String base;

    @BeforeEach
    void start() {
        app = App.open(new TestEnv(tempDir).config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + app.serve().port();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_page_path_returns_the_uncached_index_with_versioned_urls() throws Exception {
        for (String page : DashboardRoutes.PAGES) {
            HttpResponse<String> response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache, no-store, must-revalidate");
            assertThat(response.body())
                    .contains("\"preact\": \"/webjars/preact/10.28.0/dist/preact.module.js\"")
                    .contains("/webjars/chart.js/4.5.1/dist/chart.umd.min.js")
                    .containsPattern("<link rel=\"modulepreload\" href=\"/assets/[0-9a-f]{12}/pages/overview.js\">")
                    .doesNotContain("{{");
        }
    }

    @Test
    void assets_are_cached_for_a_year_under_their_content_tag() throws Exception {
        Matcher tag = Pattern.compile("/assets/([0-9a-f]{12})/app\\.js").matcher(get("/").body());
        assertThat(tag.find()).isTrue();
        HttpResponse<String> app = get("/assets/" + tag.group(1) + "/app.js");
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(app.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(app.body()).contains("import { h, render } from 'preact';");

        HttpResponse<String> page = get("/assets/" + tag.group(1) + "/pages/overview.js");
        assertThat(page.statusCode()).isEqualTo(200);

        HttpResponse<String> stale = get("/assets/000000000000/style.css");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("cache-control")).hasValue("no-cache");

        HttpResponse<String> missing = get("/assets/" + tag.group(1) + "/nope.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("Not found");
    }

    @Test
    void the_webjars_the_index_imports_are_served() throws Exception {
        for (String path : new String[] {
                "/webjars/preact/10.28.0/dist/preact.module.js",
                "/webjars/preact/10.28.0/hooks/dist/hooks.module.js",
                "/webjars/chart.js/4.5.1/dist/chart.umd.min.js"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).as(path).hasValue("text/javascript; charset=utf-8");
            assertThat(response.headers().firstValue("cache-control")).as(path).hasValue("public, max-age=31536000, immutable");
        }
        for (String path : new String[] {"/webjars/preact/9.9.9/dist/preact.module.js"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
    }
}
