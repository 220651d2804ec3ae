package io.betterccflare.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logging on Logback (issue 10 part 9): the reference's JSON lines with the request id, whole stack
 * traces, rotation at the size cap into three owner-only files, the levels, the bridge from
 * {@code java.util.logging}, and where the files go. Each file test builds a real Logback context of its
 * own with {@link LogbackSetup#install}, the code the process runs, writing into a temp dir.
 */
class LoggingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tempDir;

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
        MDC.clear();
    }

    private Path install(long maxBytes) {
        // The process's MDC, so that MDC.put below reaches this context's events too.
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
        Path file = tempDir.resolve("logs").resolve("app.log");
        LogbackSetup.install(context, file, maxBytes, 3, new LogBus(100));
        LogbackSetup.levels(context, Level.INFO);
        return file;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(line -> {
            try {
                return MAPPER.readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(line, e);
            }
        }).toList();
    }

    @Test
    void each_event_is_one_json_line_with_the_request_id_and_the_whole_stack_trace() throws Exception {
        Path file = install(1 << 20);
        Logger log = context.getLogger("io.betterccflare.proxy.Proxy");

        log.info("outside \"any\" request\nsecond line");
        MDC.put(Logging.REQUEST_ID, "req-1");
        log.error("boom", new IllegalStateException("bad state", new java.io.IOException("disk gone")));
        MDC.remove(Logging.REQUEST_ID);
        context.stop();

        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("ts", "level", "msg", "logger");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("msg").asText()).isEqualTo("outside \"any\" request\nsecond line");
        assertThat(first.path("logger").asText()).isEqualTo("io.betterccflare.proxy.Proxy");
        assertThat(first.path("ts").asLong()).isPositive();
        JsonNode second = lines.get(1);
        assertThat(second.path("requestId").asText()).isEqualTo("req-1");
        String trace = second.path("msg").asText();
        assertThat(trace).startsWith("boom\njava.lang.IllegalStateException: bad state\n\tat io.betterccflare.logging.LoggingTest.");
        assertThat(trace).contains("Caused by: java.io.IOException: disk gone");
        // Whole: every frame of the test method's caller chain, far beyond the old 12-frame cut.
        assertThat(trace.lines().filter(line -> line.startsWith("\tat ")).count()).isGreaterThan(20);
    }

    @Test
    void the_file_rotates_at_its_size_into_three_owner_only_files() throws Exception {
        Path file = install(2_000);
        Logger log = context.getLogger("io.betterccflare.app.App");
        String padding = "x".repeat(200);
        for (int i = 0; i < 200; i++) {
            log.info("line {} {}", i, padding);
        }
        context.stop();

        Path dir = file.getParent();
        assertThat(Files.list(dir).map(path -> path.getFileName().toString()).sorted())
                .containsExactly("app.log", "app.log.1", "app.log.2", "app.log.3");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        for (String name : List.of("app.log", "app.log.1", "app.log.2", "app.log.3")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name).isEqualTo("rw-------");
            assertThat(Files.size(dir.resolve(name))).as(name).isLessThan(2_000 + 400);
        }
        // The newest lines are in app.log, and --logs reads on into the rotated files.
        List<LogEntry> tail = LogTail.read(file, 12);
        assertThat(tail.getLast().msg()).startsWith("line 199 ");
        assertThat(tail).extracting(LogEntry::msg).allMatch(msg -> msg.startsWith("line 1"));
    }

    @Test
    void our_level_filters_our_loggers_and_libraries_stay_one_step_quieter() throws Exception {
        Path file = install(1 << 20);
        LogbackSetup.levels(context, Level.WARN);
        context.getLogger("io.betterccflare.a").info("dropped info");
        context.getLogger("io.betterccflare.a").warn("kept warn");

        LogbackSetup.levels(context, Level.INFO);
        context.getLogger("io.betterccflare.a").debug("dropped debug");
        context.getLogger("org.eclipse.jetty.server.Server").info("dropped jetty info");
        context.getLogger("org.eclipse.jetty.server.Server").warn("kept jetty warn");

        LogbackSetup.levels(context, Level.DEBUG);
        context.getLogger("io.betterccflare.a").debug("kept debug");
        context.getLogger("org.eclipse.jetty.io.ManagedSelector").debug("dropped jetty debug");
        context.getLogger("org.eclipse.jetty.server.Server").info("kept jetty info");
        context.stop();

        assertThat(lines(file)).extracting(line -> line.path("msg").asText())
                .containsExactly("kept warn", "kept jetty warn", "kept debug", "kept jetty info");
    }

    @Test
    void the_process_logs_through_logback_and_java_util_logging_is_bridged_in() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        String token = UUID.randomUUID().toString();

        java.util.logging.Logger.getLogger("io.betterccflare.test.Jul").warning("from jul " + token);

        await().atMost(Duration.ofSeconds(10)).until(() -> Logging.bus().history().stream()
                .anyMatch(entry -> entry.msg().equals("from jul " + token) && entry.level().equals("WARN")));
        assertThat(java.util.logging.Logger.getLogger("").getHandlers())
                .noneMatch(handler -> handler instanceof java.util.logging.ConsoleHandler);
    }

    @Test
    void the_log_directory_is_in_the_data_directory_unless_the_environment_names_one() {
        Map<String, String> xdg = Map.of("XDG_CONFIG_HOME", "/cfg");
        assertThat(LogDirectory.resolve(xdg, null, "Linux", "/home/u")).isEqualTo(Path.of("/cfg/better-ccflare/logs"));
        assertThat(LogDirectory.resolve(Map.of(), null, "Linux", "/home/u")).isEqualTo(Path.of("/home/u/.config/better-ccflare/logs"));
        assertThat(LogDirectory.resolve(Map.of("XDG_CONFIG_HOME", "/cfg", "BETTER_CCFLARE_LOG_DIR", "/var/log/bcf"), "/prop", "Linux", "/home/u"))
                .isEqualTo(Path.of("/var/log/bcf"));
        assertThat(LogDirectory.resolve(xdg, "/prop", "Linux", "/home/u")).isEqualTo(Path.of("/prop"));
    }
}
