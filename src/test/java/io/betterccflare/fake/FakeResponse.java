package io.betterccflare.fake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scripted answer of {@link FakeAnthropic}. Immutable: every {@code with...} returns a copy.
 * Kinds: a Messages answer (text, optional tool use; SSE or JSON following the request's
 * {@code stream} flag), an Anthropic error envelope, a raw body, or a hang (headers never come).
 * Modifiers add headers (e.g. the unified or classic rate-limit families), delay the headers or the
 * SSE events, gzip the body, or break a stream (mid-stream error event, truncation).
 */
public final class FakeResponse {

    /** How a stream ends. */
    public enum Ending { COMPLETE, ERROR_EVENT_FIRST, ERROR_EVENT_AFTER_FIRST_DELTA, TRUNCATE_BEFORE_MESSAGE_DELTA, TRUNCATE_AFTER_MESSAGE_DELTA }

    /** {@link #encoded} with this coding compresses with the first coding the request's accept-encoding names. */
    public static final String AS_ASKED = "as-asked";

    enum Kind { MESSAGE, ERROR, RAW, HANG }

    final Kind kind;
    final int status;
    final String text;
    final String toolName;
    final String toolInputJson;
    final String errorType;
    final String errorMessage;
    final byte[] rawBody;
    final String rawContentType;
    final Map<String, List<String>> headers;
    final Duration headerDelay;
    final Duration eventDelay;
    final int deltas;
    /** The content coding to apply, {@link #AS_ASKED}, or null for none. */
    final String encoding;
    final Ending ending;
    final java.util.concurrent.CountDownLatch release;

    private FakeResponse(Kind kind, int status, String text, String toolName, String toolInputJson, String errorType,
                         String errorMessage, byte[] rawBody, String rawContentType, Map<String, List<String>> headers,
                         Duration headerDelay, Duration eventDelay, int deltas, String encoding, Ending ending,
                         java.util.concurrent.CountDownLatch release) {
        this.kind = kind;
        this.status = status;
        this.text = text;
        this.toolName = toolName;
        this.toolInputJson = toolInputJson;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.rawBody = rawBody;
        this.rawContentType = rawContentType;
        this.headers = headers;
        this.headerDelay = headerDelay;
        this.eventDelay = eventDelay;
        this.deltas = deltas;
        this.encoding = encoding;
        this.ending = ending;
        this.release = release;
    }

    /** A 200 Messages answer whose content is {@code text}, split over a few text deltas when streamed. */
    public static FakeResponse message(String text) {
        return new FakeResponse(Kind.MESSAGE, 200, text, null, null, null, null, null, null, Map.of(),
                Duration.ZERO, Duration.ZERO, 3, null, Ending.COMPLETE, null);
    }

    /** A 200 Messages answer with {@code text} then a {@code tool_use} block (stop reason tool_use). */
    public static FakeResponse toolUse(String text, String toolName, String inputJson) {
        FakeResponse base = message(text);
        return new FakeResponse(Kind.MESSAGE, 200, text, toolName, inputJson, null, null, null, null, base.headers,
                base.headerDelay, base.eventDelay, base.deltas, null, Ending.COMPLETE, null);
    }

    /** An error with the Anthropic envelope ({@code request_id} included). */
    public static FakeResponse error(int status, String type, String message) {
        return new FakeResponse(Kind.ERROR, status, null, null, null, type, message, null, null, Map.of(),
                Duration.ZERO, Duration.ZERO, 0, null, Ending.COMPLETE, null);
    }

    /** Exactly these bytes with this status and content type. */
    public static FakeResponse raw(int status, String contentType, byte[] body) {
        return new FakeResponse(Kind.RAW, status, null, null, null, null, null, body.clone(), contentType, Map.of(),
                Duration.ZERO, Duration.ZERO, 0, null, Ending.COMPLETE, null);
    }

    public static FakeResponse raw(int status, String contentType, String body) {
        return raw(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Never sends headers; the request stays open until the fake closes. */
    public static FakeResponse hang() {
        return new FakeResponse(Kind.HANG, 0, null, null, null, null, null, null, null, Map.of(),
                Duration.ZERO, Duration.ZERO, 0, null, Ending.COMPLETE, null);
    }

    public FakeResponse withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), key -> new ArrayList<>()).add(value);
        return copy(copy, headerDelay, eventDelay, deltas, encoding, ending);
    }

    /** The subscription family: aggregate status and reset (epoch seconds), plus the 5-hour window. */
    public FakeResponse withUnifiedLimits(String status, long resetEpochSeconds, double fiveHourUtilization) {
        return withHeader("anthropic-ratelimit-unified-status", status)
                .withHeader("anthropic-ratelimit-unified-reset", Long.toString(resetEpochSeconds))
                .withHeader("anthropic-ratelimit-unified-representative-claim", "five_hour")
                .withHeader("anthropic-ratelimit-unified-5h-status", status)
                .withHeader("anthropic-ratelimit-unified-5h-reset", Long.toString(resetEpochSeconds))
                .withHeader("anthropic-ratelimit-unified-5h-utilization", Double.toString(fiveHourUtilization))
                .withHeader("anthropic-ratelimit-unified-7d-status", "allowed")
                .withHeader("anthropic-ratelimit-unified-7d-reset", Long.toString(resetEpochSeconds + 6 * 86_400))
                .withHeader("anthropic-ratelimit-unified-7d-utilization", "0.25");
    }

    /** The API-key family: requests and tokens limits with RFC 3339 resets. */
    public FakeResponse withClassicLimits(long requestsRemaining, String resetRfc3339) {
        return withHeader("anthropic-ratelimit-requests-limit", "50")
                .withHeader("anthropic-ratelimit-requests-remaining", Long.toString(requestsRemaining))
                .withHeader("anthropic-ratelimit-requests-reset", resetRfc3339)
                .withHeader("anthropic-ratelimit-tokens-limit", "80000")
                .withHeader("anthropic-ratelimit-tokens-remaining", "79000")
                .withHeader("anthropic-ratelimit-tokens-reset", resetRfc3339);
    }

    public FakeResponse withHeaderDelay(Duration delay) {
        return copy(headers, delay, eventDelay, deltas, encoding, ending);
    }

    /** Pause between SSE events (and the number of text deltas to send). */
    public FakeResponse withEvents(int textDeltas, Duration delay) {
        return copy(headers, headerDelay, delay, textDeltas, encoding, ending);
    }

    /** Gzip the body and say so in {@code content-encoding}. */
    public FakeResponse gzipped() {
        return encoded("gzip");
    }

    /**
     * Compress the body (JSON, error or the whole SSE stream) with {@code coding} ({@code gzip},
     * {@code deflate}, {@code br}, {@code zstd}) whatever the request asked, or with {@link #AS_ASKED} as
     * the request's {@code accept-encoding} allows, and say so in {@code content-encoding}.
     */
    public FakeResponse encoded(String coding) {
        return copy(headers, headerDelay, eventDelay, deltas, coding, ending);
    }

    /** A 200 event stream whose first event is {@code event: error} with this error type. */
    public static FakeResponse errorFirst(String type, String message) {
        return new FakeResponse(Kind.MESSAGE, 200, "unused", null, null, type, message, null, null, Map.of(),
                Duration.ZERO, Duration.ZERO, 3, null, Ending.ERROR_EVENT_FIRST, null);
    }

    public FakeResponse ending(Ending end) {
        return copy(headers, headerDelay, eventDelay, deltas, encoding, end);
    }

    /**
     * Streams up to and including the first text delta, then waits until {@code release} opens
     * before sending the rest: proves that earlier events reached the client on their own.
     */
    public FakeResponse pausedAfterFirstDelta(java.util.concurrent.CountDownLatch gate) {
        return new FakeResponse(kind, status, text, toolName, toolInputJson, errorType, errorMessage, rawBody,
                rawContentType, headers, headerDelay, eventDelay, deltas, encoding, ending, gate);
    }

    private FakeResponse copy(Map<String, List<String>> newHeaders, Duration newHeaderDelay, Duration newEventDelay,
                              int newDeltas, String newEncoding, Ending newEnding) {
        return new FakeResponse(kind, status, text, toolName, toolInputJson, errorType, errorMessage, rawBody,
                rawContentType, Map.copyOf(newHeaders), newHeaderDelay, newEventDelay, newDeltas, newEncoding, newEnding, release);
    }
}
