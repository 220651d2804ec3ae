package io.betterccflare.agents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent markdown format (reference-core.md §8.1): front-matter between {@code ---} lines, one
 * {@code key: value} per line (a non-empty line without a key continues the previous value, joined with a space),
 * then the body, which is the agent's system prompt. {@code name} and {@code description} are required.
 * {@link #render} writes it back with the keys in their original order. Immutable; thread-safe.
 */
record AgentFile(Map<String, String> frontmatter, String body) {
    /** The colours the dashboard offers; {@code gray} is the default. */
    static final List<String> COLORS = List.of("gray", "blue", "green", "yellow", "orange", "red", "purple", "pink",
            "indigo", "cyan");
    /** Claude Code's tool names, as the reference's edit dialog lists them. */
    static final List<String> TOOLS = List.of("Bash", "Glob", "Grep", "LS", "Read", "Edit", "MultiEdit", "Write",
            "NotebookRead", "NotebookEdit", "WebFetch", "TodoWrite", "WebSearch");
    private static final Pattern KEY_LINE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_-]*)\\s*:\\s?(.*)$");

    AgentFile {
        frontmatter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frontmatter));
    }

    /** The file's parts, or empty when it has no front-matter block. */
    static Optional<AgentFile> parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (lines.length == 0 || !lines[0].trim().equals("---")) {
            return Optional.empty();
        }
        Map<String, String> front = new LinkedHashMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.trim().equals("---")) {
                String body = String.join("\n", Arrays.copyOfRange(lines, i + 1, lines.length)).trim();
                return Optional.of(new AgentFile(front, body));
            }
            Matcher key = KEY_LINE.matcher(line);
            if (key.matches()) {
                last = key.group(1);
                front.put(last, key.group(2).trim());
            } else if (!line.isBlank() && last != null) {
                front.put(last, (front.get(last) + " " + line.trim()).trim());
            }
        }
        return Optional.empty();
    }

    /** The agent this file defines, or empty when {@code name} or {@code description} is missing. */
    Optional<Agent> toAgent(String id, String source, String workspace, String filePath) {
        String name = frontmatter.get("name");
        String description = frontmatter.get("description");
        if (name == null || name.isBlank() || description == null || description.isBlank()) {
            return Optional.empty();
        }
        String color = frontmatter.getOrDefault("color", "");
        String model = frontmatter.get("model");
        return Optional.of(new Agent(id, name, description, color.isBlank() ? "gray" : color,
                model == null || model.isBlank() ? null : model, body, source, workspace, tools(), filePath));
    }

    private List<String> tools() {
        String line = frontmatter.get("tools");
        if (line == null || line.isBlank()) {
            return null;
        }
        List<String> tools = new ArrayList<>();
        for (String tool : line.split(",")) {
            if (!tool.isBlank()) {
                tools.add(tool.trim());
            }
        }
        return tools;
    }

    /** A copy with {@code key} set ({@code value} null removes it; a new key goes last). */
    AgentFile with(String key, String value) {
        Map<String, String> front = new LinkedHashMap<>(frontmatter);
        if (value == null) {
            front.remove(key);
        } else {
            front.put(key, value.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
        }
        return new AgentFile(front, body);
    }

    AgentFile withBody(String newBody) {
        return new AgentFile(frontmatter, newBody.replace("\r\n", "\n").trim());
    }

    /** The file text: front-matter in key order, a blank line, the body, a final newline. */
    String render() {
        StringBuilder text = new StringBuilder("---\n");
        frontmatter.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        text.append("---\n");
        if (!body.isEmpty()) {
            text.append('\n').append(body).append('\n');
        }
        return text.toString();
    }
}
