package io.betterccflare.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads server-sent events byte by byte: lines end at {@code \n} (a trailing {@code \r} is dropped), an
 * {@code event:} line names the event, {@code data:} lines add to it, a blank line dispatches it. State
 * carries across chunks, so an event split anywhere is still seen whole. Only small events are parsed as
 * JSON; text deltas are skipped without being buffered. Not thread-safe.
 */
final class SseUsageParser implements UsageTracker.BodyReader {
    private static final Set<String> SKIPPED = Set.of("content_block_delta", "ping", "content_block_stop");
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    private final UsageTracker tracker;
    private final int maxLineBytes;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean lineTooLong;
    private boolean discardingLine;
    private String eventName;
    private byte[] data = new byte[512];
    private int dataLength;
    private boolean dataLost;

    SseUsageParser(UsageTracker tracker, int maxLineBytes) {
        this.tracker = tracker;
        this.maxLineBytes = Math.max(64, maxLineBytes);
    }

    @Override
    public void accept(byte[] buffer, int offset, int length, long nowMs) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = buffer[i];
            if (b == '\n') {
                endLine(nowMs);
            } else if (!discardingLine) {
                append(b);
            }
        }
    }

    @Override
    public void end(long nowMs) {
        if (lineLength > 0 || lineTooLong || discardingLine) {
            endLine(nowMs);
        }
        dispatch(nowMs);
    }

    private void append(byte b) {
        if (lineLength == maxLineBytes) {
            lineTooLong = true;
            discardingLine = true;
            return;
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[lineLength++] = b;
        // A data line of an event we never parse is dropped as soon as we know what it is.
        if (lineLength == DATA.length && eventName != null && SKIPPED.contains(eventName) && startsWith(DATA)) {
            discardingLine = true;
        }
    }

    private void endLine(long nowMs) {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        boolean skippedData = discardingLine && !lineTooLong;
        if (length == 0 && !lineTooLong && !skippedData) {
            dispatch(nowMs);
        } else if (startsWith(DATA)) {
            if (lineTooLong) {
                dataLost = true;
            } else if (!skippedData) {
                addData(DATA.length, length);
            }
        } else if (startsWith(EVENT) && !lineTooLong) {
            eventName = new String(line, EVENT.length, length - EVENT.length, StandardCharsets.UTF_8).trim();
        }
        lineLength = 0;
        lineTooLong = false;
        discardingLine = false;
    }

    private void addData(int from, int to) {
        int start = from < to && line[from] == ' ' ? from + 1 : from;
        int extra = (dataLength > 0 ? 1 : 0) + (to - start);
        if (dataLength + extra > maxLineBytes) {
            dataLost = true;
            return;
        }
        if (dataLength + extra > data.length) {
            data = Arrays.copyOf(data, Math.min(maxLineBytes, Math.max(data.length * 2, dataLength + extra)));
        }
        if (dataLength > 0) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, start, data, dataLength, to - start);
        dataLength += to - start;
    }

    private boolean startsWith(byte[] prefix) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(long nowMs) {
        String name = eventName;
        boolean hasData = dataLength > 0 && !dataLost;
        if (name != null) {
            switch (name) {
                case "content_block_start" -> firstToken(nowMs);
                case "message_stop" -> tracker.stopSeen = true;
                default -> {
                    if (!SKIPPED.contains(name) && hasData) {
                        parse(nowMs);
                    }
                }
            }
        } else if (hasData) {
            parse(nowMs);
        }
        eventName = null;
        dataLength = 0;
        dataLost = false;
    }

    private void parse(long nowMs) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(data, 0, dataLength);
        } catch (IOException e) {
            return;
        }
        if (event == null || !event.isObject()) {
            return;
        }
        switch (event.path("type").asText("")) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                if (message.path("model").isTextual()) {
                    tracker.model = message.get("model").asText();
                }
                if (message.path("usage").isObject()) {
                    tracker.applyUsage(message.get("usage"));
                }
            }
            case "content_block_start" -> firstToken(nowMs);
            case "message_delta" -> {
                tracker.lastTokenAtMs = nowMs;
                if (event.path("usage").isObject()) {
                    tracker.applyUsage(event.get("usage"));
                }
                if (event.path("delta").path("stop_reason").isTextual()) {
                    tracker.stopSeen = true;
                }
            }
            case "message_stop" -> tracker.stopSeen = true;
            case "error" -> {
                JsonNode error = event.path("error");
                String type = error.path("type").asText("error");
                String message = error.path("message").asText("");
                tracker.error = message.isEmpty() ? type : type + ": " + message;
            }
            default -> {
                if (event.path("usage").isObject()) {
                    tracker.applyUsage(event.get("usage"));
                }
            }
        }
    }

    private void firstToken(long nowMs) {
        if (tracker.firstTokenAtMs == 0) {
            tracker.firstTokenAtMs = nowMs;
        }
    }
}
