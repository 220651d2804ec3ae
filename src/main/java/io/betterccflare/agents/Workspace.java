package io.betterccflare.agents;

/**
 * A workspace root seen in a request ({@code <root>/.claude/agents} exists on this host). {@code name} is the
 * root's last path segment; {@code lastSeen} is epoch milliseconds. Immutable.
 */
public record Workspace(String path, String name, long lastSeen) {
}
