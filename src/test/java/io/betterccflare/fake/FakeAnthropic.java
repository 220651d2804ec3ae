package io.betterccflare.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.server.Json;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful fake of the Anthropic API for tests (anthropic-wire.md §8), on 127.0.0.1 and a free port.
 * <ul>
 *   <li>{@code POST /v1/messages} (with or without {@code ?beta=true}): a Message as JSON, or as SSE with
 *       real framing ({@code message_start} … {@code message_stop}, a ping, cumulative usage with cache
 *       fields) when the body says {@code "stream": true};</li>
 *   <li>{@code POST /v1/messages/count_tokens}: {@code {"input_tokens": N}}; {@code GET /v1/models}: a page
 *       of models; {@code HEAD /api/hello}: 200; anything else: a 404 error envelope;</li>
 *   <li>{@code GET /api/oauth/usage} (polled by the app for subscription accounts): the body set with
 *       {@link #usage(String)}, a 5-hour and a weekly window by default. It never takes scripted answers and
 *       is counted apart ({@link #usagePolls()}), so background polling cannot disturb a test's script.</li>
 * </ul>
 * Tests script answers with {@link #enqueue}: each request takes the next {@link FakeResponse} (errors,
 * rate-limit headers, delays, hangs, broken streams); with the queue empty the defaults above apply.
 * Every request is recorded ({@link #received()}), and so is every streamed or written response
 * the caller abandoned, noticed when a write failed ({@link #abandoned()}). Thread-safe; close once.
 */
public final class FakeAnthropic implements AutoCloseable {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS);

    /** A response the caller went away from, and when we noticed (epoch ms). */
    public record Abandoned(String path, long atMs) {
    }

    private final ConcurrentLinkedQueue<FakeResponse> script = new ConcurrentLinkedQueue<>();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private final List<Abandoned> abandoned = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger usagePolls = new AtomicInteger();
    private volatile String usageBody = """
            {"five_hour":{"utilization":12.0,"resets_at":"2030-01-01T05:00:00Z"},\
            "seven_day":{"utilization":34.0,"resets_at":"2030-01-07T00:00:00Z"}}""";
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Javalin server;

    private FakeAnthropic() {
        this.server = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = 64L << 20;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            for (HandlerType method : METHODS) {
                config.routes.addHttpHandler(method, "/*", this::handle);
            }
        });
    }

    /** Starts a fake on a free port. */
    public static FakeAnthropic start() {
        FakeAnthropic fake = new FakeAnthropic();
        fake.server.start();
        return fake;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Queues answers for the next requests, in order. */
    public FakeAnthropic enqueue(FakeResponse... responses) {
        Collections.addAll(script, responses);
        return this;
    }

    /** Sets the JSON body of {@code GET /api/oauth/usage}. */
    public FakeAnthropic usage(String json) {
        usageBody = json;
        return this;
    }

    /** How many times {@code /api/oauth/usage} was called. */
    public int usagePolls() {
        return usagePolls.get();
    }

    /** Every request so far except usage polls, in arrival order. */
    public List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    public ReceivedRequest lastRequest() {
        List<ReceivedRequest> all = received();
        if (all.isEmpty()) {
            throw new IllegalStateException("the fake received no request");
        }
        return all.getLast();
    }

    /** Responses the caller abandoned (connection closed while we were writing or waiting). */
    public List<Abandoned> abandoned() {
        return List.copyOf(abandoned);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop();
    }

    private void handle(Context ctx) throws IOException {
        if (ctx.req().getRequestURI().equals("/api/oauth/usage")) {
            usagePolls.incrementAndGet();
            ctx.contentType("application/json").result(usageBody);
            return;
        }
        byte[] body = ctx.req().getInputStream().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        String path = ctx.req().getRequestURI();
        received.add(new ReceivedRequest(ctx.method().name(), path, ctx.req().getQueryString(), Map.copyOf(headers), body,
                System.currentTimeMillis()));
        String requestId = "req_fake_" + requestIds.incrementAndGet();
        FakeResponse scripted = script.poll();
        if (scripted == null) {
            scripted = defaultFor(ctx.method().name(), path);
        }
        if (scripted.kind == FakeResponse.Kind.HANG) {
            hang();
            return;
        }
        if (!scripted.headerDelay.isZero() && pause(scripted.headerDelay)) {
            return;
        }
        ctx.res().setHeader("request-id", requestId);
        scripted.headers.forEach((name, values) -> values.forEach(value -> ctx.res().addHeader(name, value)));
        JsonNode request = parse(body);
        try {
            switch (scripted.kind) {
                case ERROR -> writeWhole(ctx, scripted, scripted.status, "application/json", errorBody(scripted, requestId));
                case RAW -> writeWhole(ctx, scripted, scripted.status, scripted.rawContentType, scripted.rawBody);
                case MESSAGE -> {
                    if (path.endsWith("/count_tokens")) {
                        int tokens = Math.max(1, body.length / 4);
                        writeWhole(ctx, scripted, 200, "application/json",
                                ("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8));
                    } else if (request != null && request.path("stream").asBoolean(false)) {
                        stream(ctx, scripted, request, requestId);
                    } else {
                        writeWhole(ctx, scripted, 200, "application/json", messageJson(scripted, request));
                    }
                }
                case HANG -> throw new IllegalStateException("handled above");
            }
        } catch (IOException e) {
            abandoned.add(new Abandoned(path, System.currentTimeMillis()));
        }
    }

    private FakeResponse defaultFor(String method, String path) {
        if (path.equals("/v1/models") && method.equals("GET")) {
            return FakeResponse.raw(200, "application/json", """
                    {"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5",\
                    "created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5-20250929",\
                    "last_id":"claude-sonnet-4-5-20250929"}""");
        }
        if (path.equals("/api/hello")) {
            return FakeResponse.raw(200, "text/plain", "");
        }
        if (path.startsWith("/v1/messages")) {
            return FakeResponse.message("Hello from the fake");
        }
        return FakeResponse.error(404, "not_found_error", "Not found: " + path);
    }

    /** Holds the request open, without a status line, until the fake closes. */
    private void hang() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits out a scripted delay; true when the fake is closing. */
    private boolean pause(Duration delay) {
        try {
            return closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The coding this answer applies: the scripted one, or the request's first known one for {@code AS_ASKED}. */
    private static String coding(Context ctx, FakeResponse scripted) {
        if (FakeResponse.AS_ASKED.equals(scripted.encoding)) {
            return Encoders.firstKnown(ctx.req().getHeader("accept-encoding"));
        }
        return scripted.encoding;
    }

    private static void writeWhole(Context ctx, FakeResponse scripted, int status, String contentType, byte[] body)
            throws IOException {
        ctx.status(status);
        ctx.res().setContentType(contentType);
        String coding = coding(ctx, scripted);
        byte[] sent = coding == null ? body : Encoders.encode(coding, body);
        if (coding != null) {
            ctx.res().setHeader("content-encoding", coding);
        }
        ctx.res().setContentLength(sent.length);
        OutputStream out = ctx.res().getOutputStream();
        out.write(sent);
        out.flush();
    }

    private void stream(Context ctx, FakeResponse scripted, JsonNode request, String requestId) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("cache-control", "no-cache");
        String coding = coding(ctx, scripted);
        if (coding != null) {
            // The whole stream is compressed as one body: enough to prove the proxy decodes compressed SSE.
            ctx.res().setHeader("content-encoding", coding);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            streamEvents(whole, scripted, request, requestId);
            ctx.res().getOutputStream().write(Encoders.encode(coding, whole.toByteArray()));
            return;
        }
        streamEvents(ctx.res().getOutputStream(), scripted, request, requestId);
    }

    private void streamEvents(OutputStream out, FakeResponse scripted, JsonNode request, String requestId) throws IOException {
        if (scripted.ending == FakeResponse.Ending.ERROR_EVENT_FIRST) {
            event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":\"" + scripted.errorType + "\",\"message\":"
                    + quote(scripted.errorMessage) + "},\"request_id\":\"" + requestId + "\"}", scripted);
            return;
        }
        String model = model(request);
        String messageId = "msg_fake_" + requestId;
        event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + messageId
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
                + "\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":11,\"output_tokens\":1}}}", scripted);
        event(out, "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", scripted);
        event(out, "ping", "{\"type\": \"ping\"}", scripted);
        List<String> pieces = split(scripted.text, scripted.deltas);
        for (int i = 0; i < pieces.size(); i++) {
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                    + "\"text\":" + quote(pieces.get(i)) + "}}", scripted);
            if (i == 0) {
                if (scripted.release != null && !awaitRelease(scripted.release)) {
                    return;
                }
                if (scripted.ending == FakeResponse.Ending.ERROR_EVENT_AFTER_FIRST_DELTA) {
                    event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                            + "\"request_id\":\"" + requestId + "\"}", scripted);
                    return;
                }
            }
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}", scripted);
        String stopReason = "end_turn";
        if (scripted.toolName != null) {
            stopReason = "tool_use";
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                    + "\"id\":\"toolu_fake_1\",\"name\":" + quote(scripted.toolName) + ",\"input\":{}}}", scripted);
            String input = scripted.toolInputJson;
            int half = input.length() / 2;
            for (String part : List.of(input.substring(0, half), input.substring(half))) {
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":" + quote(part) + "}}", scripted);
            }
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}", scripted);
        }
        if (scripted.ending == FakeResponse.Ending.TRUNCATE_BEFORE_MESSAGE_DELTA) {
            return;
        }
        event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":7,"
                + "\"cache_read_input_tokens\":11,\"output_tokens\":12}}", scripted);
        if (scripted.ending == FakeResponse.Ending.TRUNCATE_AFTER_MESSAGE_DELTA) {
            return;
        }
        event(out, "message_stop", "{\"type\":\"message_stop\"}", scripted);
    }

    private boolean awaitRelease(CountDownLatch release) {
        try {
            while (closing.getCount() > 0) {
                if (release.await(50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void event(OutputStream out, String name, String data, FakeResponse scripted) throws IOException {
        if (!scripted.eventDelay.isZero() && pause(scripted.eventDelay)) {
            throw new IOException("fake closing");
        }
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static byte[] messageJson(FakeResponse scripted, JsonNode request) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", "msg_fake_json");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model(request));
        ArrayNode content = message.putArray("content");
        content.addObject().put("type", "text").put("text", scripted.text);
        if (scripted.toolName != null) {
            ObjectNode tool = content.addObject().put("type", "tool_use").put("id", "toolu_fake_1").put("name", scripted.toolName);
            tool.set("input", parse(scripted.toolInputJson.getBytes(StandardCharsets.UTF_8)));
        }
        message.put("stop_reason", scripted.toolName != null ? "tool_use" : "end_turn");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", 25).put("cache_creation_input_tokens", 7).put("cache_read_input_tokens", 11)
                .put("output_tokens", 12).put("service_tier", "standard");
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] errorBody(FakeResponse scripted, String requestId) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", scripted.errorType).put("message", scripted.errorMessage);
        root.put("request_id", requestId);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String model(JsonNode request) {
        return request != null && request.hasNonNull("model") ? request.get("model").asText() : "claude-sonnet-4-5-20250929";
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String quote(String text) {
        return Json.MAPPER.getNodeFactory().textNode(text).toString();
    }

    private static List<String> split(String text, int parts) {
        List<String> pieces = new ArrayList<>();
        int count = Math.max(1, Math.min(parts, text.length()));
        int size = (text.length() + count - 1) / count;
        for (int start = 0; start < text.length(); start += size) {
            pieces.add(text.substring(start, Math.min(text.length(), start + size)));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }
}
