package io.betterccflare.api;

import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.agents.Agent;
import io.betterccflare.agents.AgentEdit;
import io.betterccflare.agents.AgentPreferences;
import io.betterccflare.agents.AgentRegistry;
import io.betterccflare.agents.ModelIds;
import io.betterccflare.agents.ModelMappings;
import io.betterccflare.agents.Workspace;
import io.betterccflare.config.RuntimeSettings;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agents API with the reference's paths and shapes (reference-surface.md §2.4.18): {@code GET /api/agents},
 * {@code POST /api/agents/{id}/preference}, {@code POST /api/agents/bulk-preference}, {@code PATCH /api/agents/{id}},
 * {@code GET /api/workspaces}; and per-account model mappings, {@code GET|POST /api/accounts/{id}/model-mappings}
 * ({@code {accountId, mappings: {pattern: model}, serveRequestedOnly}}). Every validation failure is a 400 and an
 * unknown agent or account a 404, each {@code {"error": ...}}. Thread-safe.
 */
public final class AgentRoutes implements RouteGroup {
    private static final List<String> MODES = List.of("all", "edit", "read-only", "execution", "custom");
    private static final Map<String, List<String>> PRESETS = Map.of(
            "edit", List.of("Edit", "MultiEdit", "Write", "NotebookEdit"),
            "read-only", List.of("Glob", "Grep", "LS", "Read", "NotebookRead", "WebFetch", "TodoWrite", "WebSearch"),
            "execution", List.of("Bash"));

    private final AgentRegistry registry;
    private final AgentPreferences preferences;
    private final ModelMappings mappings;
    private final AccountService accounts;
    private final RuntimeSettings settings;

    public AgentRoutes(AgentRegistry registry, AgentPreferences preferences, ModelMappings mappings,
                       AccountService accounts, RuntimeSettings settings) {
        this.registry = registry;
        this.preferences = preferences;
        this.mappings = mappings;
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/agents", this::list);
        routes.post("/api/agents/bulk-preference", this::bulkPreference);
        routes.post("/api/agents/{id}/preference", this::preference);
        routes.patch("/api/agents/{id}", this::edit);
        routes.get("/api/workspaces", ctx -> {
            List<Map<String, Object>> list = new ArrayList<>();
            registry.workspaceAgentCounts().forEach((workspace, count) -> {
                Map<String, Object> json = workspaceJson(workspace);
                json.put("agentCount", count);
                list.add(json);
            });
            ctx.json(ApiBodies.of("workspaces", list));
        });
        routes.get("/api/accounts/{id}/model-mappings", ctx -> {
            Account account = accounts.find(ctx.pathParam("id"));
            ctx.json(policyJson(account, mappings.policy(account.id())));
        });
        routes.post("/api/accounts/{id}/model-mappings", this::saveMappings);
    }

    private void list(Context ctx) {
        AgentRegistry.Snapshot snapshot = registry.current();
        Map<String, String> stored = preferences.all();
        List<Map<String, Object>> workspaces = new ArrayList<>();
        for (Workspace workspace : snapshot.workspaces()) {
            workspaces.add(workspaceJson(workspace));
        }
        ctx.json(ApiBodies.of(
                "agents", agentsJson(snapshot.agents(), stored),
                "globalAgents", agentsJson(snapshot.global(), stored),
                "workspaceAgents", agentsJson(snapshot.workspace(), stored),
                "workspaces", workspaces));
    }

    private void preference(Context ctx) {
        Agent agent = agent(ctx.pathParam("id"));
        String model = model(JsonBody.of(ctx).optionalString("model"));
        if (model == null) {
            preferences.clear(agent.id());
        } else {
            preferences.set(List.of(agent.id()), model);
        }
        ctx.json(ApiBodies.of("success", true, "agentId", agent.id(), "model", model == null ? ModelIds.INHERIT : model));
    }

    private void bulkPreference(Context ctx) {
        String model = model(JsonBody.of(ctx).optionalString("model"));
        List<String> ids = registry.current().agents().stream().map(Agent::id).toList();
        if (ids.isEmpty()) {
            ctx.json(ApiBodies.of("message", "No agents found to update"));
            return;
        }
        if (model == null) {
            ids.forEach(preferences::clear);
        } else {
            preferences.set(ids, model);
        }
        ctx.json(ApiBodies.of("success", true, "updatedCount", ids.size(), "model", model == null ? ModelIds.INHERIT : model));
    }

    private void edit(Context ctx) {
        Agent agent = agent(ctx.pathParam("id"));
        JsonBody body = JsonBody.of(ctx);
        String model = body.optionalString("model");
        AgentEdit edit = new AgentEdit(body.optionalString("description"),
                model == null ? null : ModelIds.inherits(model) ? ModelIds.INHERIT : model(model),
                body.optionalString("color"), body.optionalString("systemPrompt"), tools(body));
        if (edit.empty()) {
            throw ApiException.badRequest("Nothing to change: send description, model, color, systemPrompt, mode or tools");
        }
        Agent changed;
        try {
            changed = registry.edit(agent.id(), edit).orElseThrow(() -> ApiException.notFound("Agent not found"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (model != null) {
            // As the reference: the file's model now says what the user wants, so a stored preference would hide it.
            preferences.clear(agent.id());
        }
        ctx.json(ApiBodies.of("success", true, "agent", agentJson(changed, preferences.all())));
    }

    /** The tool list from {@code mode} and {@code tools}; null when neither is sent (tools unchanged). */
    private static List<String> tools(JsonBody body) {
        String mode = body.optionalString("mode");
        List<String> tools = body.optionalStringList("tools");
        if (mode == null) {
            return tools;
        }
        if (!MODES.contains(mode)) {
            throw ApiException.badRequest("mode must be one of: " + String.join(", ", MODES));
        }
        return switch (mode) {
            case "all" -> List.of();
            case "custom" -> {
                if (tools == null || tools.isEmpty()) {
                    throw ApiException.badRequest("tools is required when mode is custom");
                }
                yield tools;
            }
            default -> PRESETS.get(mode);
        };
    }

    private void saveMappings(Context ctx) {
        Account account = accounts.find(ctx.pathParam("id"));
        JsonBody body = JsonBody.of(ctx);
        Map<String, String> requested = body.optionalStringMap("mappings");
        Boolean only = body.optionalBoolean("serveRequestedOnly");
        if (requested == null && only == null) {
            throw ApiException.badRequest("Send mappings (an object of pattern: model) and/or serveRequestedOnly");
        }
        ModelMappings.Policy current = mappings.policy(account.id());
        ModelMappings.Policy next = new ModelMappings.Policy(requested == null ? current.mappings() : requested,
                only == null ? current.serveRequestedOnly() : only);
        try {
            ctx.json(policyJson(account, mappings.save(account.id(), next)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private Agent agent(String id) {
        return registry.find(id).orElseThrow(() -> ApiException.notFound("Agent not found"));
    }

    /** The canonical id, or null for {@code inherit}; 400 when missing or invalid. */
    private static String model(String requested) {
        if (requested == null || requested.isBlank()) {
            throw ApiException.badRequest("Model is required");
        }
        if (ModelIds.inherits(requested)) {
            return null;
        }
        try {
            return ModelIds.canonical(requested);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private List<Map<String, Object>> agentsJson(List<Agent> agents, Map<String, String> stored) {
        List<Map<String, Object>> list = new ArrayList<>(agents.size());
        for (Agent agent : agents) {
            list.add(agentJson(agent, stored));
        }
        return list;
    }

    /**
     * The reference's agent object: {@code model} is the stored preference, else the front-matter model, else the
     * default agent model. {@code preferredModel} (ours) is the stored preference only, the one that rewrites requests.
     */
    private Map<String, Object> agentJson(Agent agent, Map<String, String> stored) {
        String preferred = stored.get(agent.id());
        String frontmatter = ModelIds.fromFrontmatter(agent.model());
        Map<String, Object> json = ApiBodies.of(
                "id", agent.id(),
                "name", agent.name(),
                "description", agent.description(),
                "color", agent.color(),
                "model", preferred != null ? preferred : frontmatter != null ? frontmatter : settings.defaultAgentModel(),
                "preferredModel", preferred,
                "frontmatterModel", agent.model(),
                "systemPrompt", agent.systemPrompt(),
                "source", agent.source());
        if (agent.workspace() != null) {
            json.put("workspace", agent.workspace());
        }
        if (agent.tools() != null) {
            json.put("tools", agent.tools());
        }
        json.put("filePath", agent.filePath());
        return json;
    }

    private static Map<String, Object> workspaceJson(Workspace workspace) {
        return ApiBodies.of("path", workspace.path(), "name", workspace.name(), "lastSeen", workspace.lastSeen());
    }

    private static Map<String, Object> policyJson(Account account, ModelMappings.Policy policy) {
        return ApiBodies.of("accountId", account.id(), "accountName", account.name(), "mappings", policy.mappings(),
                "serveRequestedOnly", policy.serveRequestedOnly());
    }
}
