/**
 * Agents and model policy (issue 14): agent definitions discovered from {@code ~/.claude/agents} and from
 * workspaces seen in requests ({@link io.betterccflare.agents.AgentRegistry}), per-agent model preferences
 * ({@link io.betterccflare.agents.AgentPreferences}), per-account model mappings
 * ({@link io.betterccflare.agents.ModelMappings}), and the proxy's hook that attributes a request to an agent
 * and rewrites its {@code model} ({@link io.betterccflare.agents.ModelPolicy}). Model ids are checked by
 * {@link io.betterccflare.agents.ModelIds}.
 */
package io.betterccflare.agents;
