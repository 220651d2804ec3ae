package io.betterccflare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.app.Version;
import io.betterccflare.support.RunningApp;
import io.betterccflare.support.TestEnv;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/instances} on SQLite: the one instance, which is its own leader. */
class InstancesTest {
    @TempDir
    Path temp;

    @Test
    void a_single_sqlite_server_lists_itself_as_the_live_leader() {
        try (RunningApp app = RunningApp.start(new TestEnv(temp).config(), Clock.systemUTC())) {
            RunningApp.Response response = app.get("/api/instances");

            assertThat(response.status()).isEqualTo(200);
            JsonNode instances = response.json();
            assertThat(instances).hasSize(1);
            JsonNode self = instances.get(0);
            assertThat(self.path("id").asText()).isEqualTo(app.app().database().instanceId());
            assertThat(self.path("version").asText()).isEqualTo(Version.VALUE);
            assertThat(self.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(self.path("leader").asBoolean()).isTrue();
            assertThat(self.path("self").asBoolean()).isTrue();
            assertThat(self.path("uptimeMs").asLong()).isNotNegative();
            assertThat(self.path("startedAt").asText()).endsWith("Z");
        }
    }
}
