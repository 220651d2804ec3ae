package io.betterccflare.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.cli.CliRunner;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.TestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end: a request sent through the proxy shows up live on the Requests screen, with its details. */
class TerminalUiRequestsTmuxTest {
    @TempDir
    Path tempDir;

    private Tmux tmux;
    private FakeAnthropic upstream;

    @AfterEach
    void stop() {
        if (tmux != null) {
            tmux.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void a_proxied_request_appears_on_the_requests_screen_and_opens_its_details() throws Exception {
        upstream = FakeAnthropic.start();
        TestEnv env = new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", upstream.baseUrl());
        CliRunner.Result added = new CliRunner(env, Clock.systemUTC())
                .run("--add-account", "work", "--mode", "console", "--api-key", "sk-ant-api03-tui-test-0123456789");
        assertThat(added.code()).as(added.err()).isZero();
        tmux = TerminalUiTmuxTest.launch(tempDir, env, 100, 30);
        int port = TerminalUiTmuxTest.port(tmux.screen());
        for (int i = 0; i < 4; i++) {
            tmux.keys("Down");
        }
        tmux.keys("Enter");
        tmux.waitFor("No requests yet");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        String listed = tmux.waitFor(s -> s.matches("(?s).*▶ \\d\\d:\\d\\d:\\d\\d 200\\s+work\\s+sonnet-4-20250514.*"));
        assertThat(listed).contains("Page 1/1 • 1 total requests");

        tmux.keys("Enter");
        String details = tmux.waitFor("Request:       POST /v1/messages");
        assertThat(details).contains("Account:       work", "Model:         claude-sonnet-4-20250514", "Status:        200");
        // Paging before the payload has loaded is clamped to the short summary, so wait for it first.
        tmux.waitFor("Request Headers");
        tmux.keys("NPage");
        String request = tmux.waitFor(s -> s.contains("Request Headers") && s.contains("\"max_tokens\" : 16"));
        assertThat(request).doesNotContain("sk-ant-api03-tui-test");
        tmux.keys("NPage");
        String answered = tmux.waitFor("Response Status: 200");
        assertThat(answered).contains("Response Body").doesNotContain("sk-ant-api03-tui-test");
        tmux.keys("q");
        tmux.waitFor("1 total requests");
    }
}
