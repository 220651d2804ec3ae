package io.betterccflare.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.server.Json;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * One request's details: summary fields, token usage, then the stored payload from
 * {@code /api/requests/payload/{id}} (headers, first 500 characters of each body). Scrolls with the arrows.
 */
final class RequestDetailView implements View {
    static final int BODY_PREVIEW = 500;

    /** One line of the detail text and its style. */
    record Line(String text, Style style) {
    }

    private final UiContext ui;
    private final ApiRecords.Request request;
    private final Remote<JsonNode> payload;
    private int scroll;

    RequestDetailView(UiContext ui, ApiRecords.Request request) {
        this.ui = ui;
        this.request = request;
        this.payload = new Remote<>(ui, "Payload", () -> ui.api().payload(request.id()));
    }

    @Override
    public String title() {
        return "Request " + request.id().substring(0, Math.min(8, request.id().length()));
    }

    @Override
    public String help() {
        return "↑/↓ scroll · PgUp/PgDn page · q/Esc/Enter close";
    }

    @Override
    public void opened() {
        payload.refresh();
    }

    /** The whole detail text; {@code payload} may be null (not loaded or none stored). */
    static List<Line> lines(ApiRecords.Request request, JsonNode payload, ZoneId zone) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("ID:            " + request.id(), Style.NORMAL));
        lines.add(new Line("Time:          " + Formats.dateTime(request.timestamp(), zone), Style.NORMAL));
        lines.add(new Line("Request:       " + request.method() + " " + request.path(), Style.NORMAL));
        lines.add(new Line("Account:       " + (request.accountUsed() == null ? "No Account" : request.accountUsed()), Style.NORMAL));
        lines.add(new Line("Model:         " + (request.model() == null ? "-" : request.model()), Style.NORMAL));
        lines.add(new Line("Status:        " + (request.statusCode() == null ? "ERROR" : request.statusCode()), RequestsView.statusStyle(request)));
        lines.add(new Line("Response Time: " + (request.responseTimeMs() == null ? "-" : Formats.duration(request.responseTimeMs())), Style.NORMAL));
        lines.add(new Line("Retry:         " + request.failoverAttempts(), Style.NORMAL));
        lines.add(new Line("Rate Limited:  " + (request.statusCode() != null && request.statusCode() == 429 ? "yes" : "no"), Style.NORMAL));
        if (request.errorMessage() != null) {
            lines.add(new Line("Error:         " + request.errorMessage(), Style.BAD));
        }
        lines.add(new Line("", Style.NORMAL));
        lines.add(new Line("Token Usage", Style.BOLD));
        lines.add(new Line("  Input:          " + count(request.inputTokens()), Style.NORMAL));
        lines.add(new Line("  Cache Read:     " + count(request.cacheReadInputTokens()), Style.NORMAL));
        lines.add(new Line("  Cache Creation: " + count(request.cacheCreationInputTokens()), Style.NORMAL));
        lines.add(new Line("  Output:         " + count(request.outputTokens()), Style.NORMAL));
        lines.add(new Line("  Total:          " + count(request.totalTokens()), Style.NORMAL));
        lines.add(new Line("  Cost:           " + (request.costUsd() == null ? "-" : Formats.cost(request.costUsd())), Style.NORMAL));
        lines.add(new Line("  Speed:          " + Formats.speed(request.tokensPerSecond()), Style.NORMAL));
        lines.add(new Line("", Style.NORMAL));
        if (payload == null) {
            lines.add(new Line("No stored payload.", Style.DIM));
            return lines;
        }
        lines.add(new Line("Request Headers", Style.BOLD));
        addText(lines, pretty(payload.path("request").path("headers")));
        lines.add(new Line("Request Body", Style.BOLD));
        addText(lines, body(payload.path("request").path("body")));
        JsonNode response = payload.path("response");
        int status = response.path("status").asInt(0);
        lines.add(new Line("Response Status: " + (status == 0 ? "-" : status), status >= 200 && status < 300 ? Style.GOOD : Style.BAD));
        lines.add(new Line("Response Body", Style.BOLD));
        addText(lines, body(response.path("body")));
        if (payload.hasNonNull("error")) {
            lines.add(new Line("Error: " + payload.path("error").asText(), Style.BAD));
        }
        return lines;
    }

    private static String count(Long value) {
        return value == null ? "0" : Formats.tokens(value);
    }

    private static void addText(List<Line> lines, String text) {
        for (String line : text.split("\n", -1)) {
            lines.add(new Line("  " + line, Style.NORMAL));
        }
    }

    /** A base64 body decoded, pretty-printed when it is JSON, cut to {@value #BODY_PREVIEW} characters. */
    static String body(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.asText().isEmpty()) {
            return "(empty)";
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = node.asText();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json != null && json.isContainerNode()) {
                text = pretty(json);
            }
        } catch (JsonProcessingException e) {
            text = text.strip();
        }
        return text.length() > BODY_PREVIEW ? text.substring(0, BODY_PREVIEW) + "…" : text;
    }

    private static String pretty(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "(none)";
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    @Override
    public void render(Canvas canvas) {
        List<Line> lines = lines(request, payload.value(), ui.zone());
        scroll = Math.max(0, Math.min(scroll, lines.size() - canvas.height()));
        for (int row = 0; row < canvas.height() && scroll + row < lines.size(); row++) {
            Line line = lines.get(scroll + row);
            canvas.text(1, row, line.text(), line.style());
        }
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key) || Keys.enter(key)) {
            return Nav.BACK;
        }
        if (key.getKeyType() == KeyType.ArrowDown) {
            scroll++;
        } else if (key.getKeyType() == KeyType.ArrowUp) {
            scroll = Math.max(0, scroll - 1);
        } else if (key.getKeyType() == KeyType.PageDown || Keys.is(key, ' ')) {
            scroll += 10;
        } else if (key.getKeyType() == KeyType.PageUp) {
            scroll = Math.max(0, scroll - 10);
        }
        return Nav.STAY;
    }
}
