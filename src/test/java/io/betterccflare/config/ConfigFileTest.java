package io.betterccflare.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tempDir;

    @Test
    void creates_the_file_and_its_directory_owner_only() throws Exception {
        Path file = tempDir.resolve("deep/dir/better-ccflare.json");

        new ConfigFile(file).write(Map.of("lb_strategy", "session"));

        assertThat(MAPPER.readTree(file.toFile())).isEqualTo(MAPPER.readTree("{\"lb_strategy\":\"session\"}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void keeps_every_other_key_and_the_file_permissions() throws Exception {
        Path file = tempDir.resolve("better-ccflare.json");
        Files.writeString(file, "{\"port\":9000,\"x_custom\":[true,{\"a\":null}],\"default_agent_model\":\"old\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        new ConfigFile(file).write(Map.of("default_agent_model", "new", "data_retention_days", 3));

        assertThat(MAPPER.readTree(file.toFile())).isEqualTo(MAPPER.readTree(
                "{\"port\":9000,\"x_custom\":[true,{\"a\":null}],\"default_agent_model\":\"new\",\"data_retention_days\":3}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var files = Files.list(tempDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void never_overwrites_a_file_that_is_not_a_json_object() throws Exception {
        Path file = tempDir.resolve("better-ccflare.json");
        Files.writeString(file, "[1,2]");

        assertThatThrownBy(() -> new ConfigFile(file).write(Map.of("lb_strategy", "session")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config file " + file + " does not hold a JSON object; not changing it");
        assertThat(Files.readString(file)).isEqualTo("[1,2]");
    }
}
