package io.betterccflare.agents;

import java.util.List;

/**
 * A change to an agent's markdown file ({@code PATCH /api/agents/{id}}): every field is optional (null = unchanged).
 * {@code model} is a model id, a shorthand or {@code inherit}; {@code tools} replaces the tool list, where an
 * empty list means all tools (no {@code tools} line). Immutable.
 */
public record AgentEdit(String description, String model, String color, String systemPrompt, List<String> tools) {
    public AgentEdit {
        tools = tools == null ? null : List.copyOf(tools);
    }

    /** True when nothing would change. */
    public boolean empty() {
        return description == null && model == null && color == null && systemPrompt == null && tools == null;
    }
}
