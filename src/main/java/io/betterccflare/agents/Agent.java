package io.betterccflare.agents;

import java.util.List;

/**
 * One agent definition read from a markdown file, with the reference's JSON names. {@code id} is the file name
 * without {@code .md} for global agents and {@code <workspace name>:<file name>} for workspace agents;
 * {@code model} is the front-matter value as written (null when absent); {@code source} is {@code global} or
 * {@code workspace}; {@code workspace} is the workspace root (null for global agents); {@code tools} is null when
 * the file has no {@code tools} line (all tools). Immutable.
 */
public record Agent(String id, String name, String description, String color, String model, String systemPrompt,
                    String source, String workspace, List<String> tools, String filePath) {
    public Agent {
        tools = tools == null ? null : List.copyOf(tools);
    }
}
