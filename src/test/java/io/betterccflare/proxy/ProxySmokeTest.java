package io.betterccflare.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxySmokeTest {
    @TempDir
    Path temp;

    @Test
    void forwards_a_message() throws Exception {
        try (ProxyHarness harness = new ProxyHarness(temp); HttpClient client = HttpClient.newHttpClient()) {
            harness.console("one", 0);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages?beta=true"))
                    .header("x-api-key", "client").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(response.statusCode() + " " + response.headers().map() + "\n" + response.body());
            System.out.println(harness.fake.lastRequest());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(health.body());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }
}
