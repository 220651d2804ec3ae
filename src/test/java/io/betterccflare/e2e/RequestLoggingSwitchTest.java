package io.betterccflare.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.fake.FakeAnthropic;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code BETTER_CCFLARE_REQUEST_LOGGING=false}: requests are proxied and nothing is recorded. */
class RequestLoggingSwitchTest {
    @TempDir
    Path tempDir;

    @Test
    void with_request_logging_off_requests_are_served_and_not_recorded() throws Exception {
        try (FakeAnthropic fake = FakeAnthropic.start();
             RunningApp app = RunningApp.start(new TestEnv(tempDir).with("BETTER_CCFLARE_ANTHROPIC_URL", fake.baseUrl())
                     .with("BETTER_CCFLARE_REQUEST_LOGGING", "false").config(), Clock.systemUTC());
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            app.app().accounts().addKeyAccount(new AccountService.NewKeyAccount("work", AccountMode.CONSOLE,
                    "sk-ant-api03-work-secret-0123456789", 1, 0, null));

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.uri("/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            app.app().requestRecorder().close();
            assertThat(app.get("/api/requests").body()).isEqualTo("[]");
            assertThat(app.get("/api/stats").json().get("totalRequests").asLong()).isZero();
        }
    }
}
