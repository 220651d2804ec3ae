package io.betterccflare.agents;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's hook (issue 14): attributes a Messages request to an agent and decides which model each account is
 * sent. The agent comes from the explicit headers first ({@link #AGENT_HEADERS}, when they name a known agent),
 * then from the system prompt as the reference does; workspaces named in the prompt are registered on the way.
 * The model is rewritten only when the agent has a stored preference (or, with
 * {@code agent_frontmatter_models} on, a front-matter model that is not {@code inherit}); then the account's model
 * mappings apply, unless the account serves only the requested model. The body changes only when the model sent
 * differs from the client's, and then only in the model's own bytes. Thread-safe.
 */
public final class ModelPolicy {
    /** Attribution headers, in order of precedence. */
    public static final List<String> AGENT_HEADERS = List.of("x-better-ccflare-agent-id", "x-anthropic-agent-id",
            "x-claude-code-agent-id");

    private static final Logger LOG = LoggerFactory.getLogger(ModelPolicy.class);

    /** Attributes nothing and never rewrites (the proxy without the agents feature). */
    public static final ModelPolicy NONE = new ModelPolicy(null, null, null, false);

    private final AgentRegistry registry;
    private final AgentPreferences preferences;
    private final ModelMappings mappings;
    private final boolean frontmatterModels;

    public ModelPolicy(AgentRegistry registry, AgentPreferences preferences, ModelMappings mappings, boolean frontmatterModels) {
        this.registry = registry;
        this.preferences = preferences;
        this.mappings = mappings;
        this.frontmatterModels = frontmatterModels;
    }

    /**
     * The plan for one client request. {@code headers} have lower-case names. Never throws: a body that is not
     * JSON, or a request that is not {@code POST /v1/messages…}, gets a plan that sends the body unchanged.
     */
    public Plan plan(String method, String path, Map<String, List<String>> headers, byte[] body) {
        if (registry == null || !"POST".equals(method) || path == null || !path.startsWith("/v1/messages")) {
            return Plan.unchanged(body);
        }
        try {
            return decide(headers, body);
        } catch (RuntimeException e) {
            // Attribution and model policy must never cost the request: it goes up as the client sent it.
            LOG.warn("Agent and model policy skipped for a request: {}", e.toString());
            return Plan.unchanged(body);
        }
    }

    private Plan decide(Map<String, List<String>> headers, byte[] body) {
        RequestModel scanned = RequestModel.scan(body);
        String prompt = scanned == null ? null : scanned.prompt();
        registry.discover(prompt);
        String declared = declaredAgent(headers);
        Agent agent = declared == null ? null : known(declared);
        if (agent == null) {
            agent = registry.detect(prompt);
        }
        String agentUsed = agent != null ? agent.id() : explicitOnly(headers);
        if (scanned == null || scanned.model() == null) {
            return new Plan(body, null, agentUsed, null, null);
        }
        String preferred = agent == null ? null : preferredModel(agent);
        return new Plan(body, scanned, agentUsed, preferred, mappings);
    }

    private String preferredModel(Agent agent) {
        String stored = preferences.model(agent.id());
        if (stored != null && !ModelIds.inherits(stored)) {
            return stored;
        }
        return frontmatterModels ? ModelIds.fromFrontmatter(agent.model()) : null;
    }

    private Agent known(String declared) {
        Agent byId = registry.find(declared).orElse(null);
        if (byId != null) {
            return byId;
        }
        for (Agent agent : registry.current().agents()) {
            if (agent.name().equalsIgnoreCase(declared)) {
                return agent;
            }
        }
        return null;
    }

    private static String declaredAgent(Map<String, List<String>> headers) {
        for (String name : AGENT_HEADERS) {
            String value = first(headers, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Our own and Anthropic's headers attribute even an unknown agent; Claude Code's per-run ids do not. */
    private static String explicitOnly(Map<String, List<String>> headers) {
        String ours = first(headers, AGENT_HEADERS.get(0));
        return ours != null ? ours : first(headers, AGENT_HEADERS.get(1));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty() || values.getFirst().isBlank()) {
            return null;
        }
        String value = values.getFirst().trim();
        return value.length() > 200 ? value.substring(0, 200) : value;
    }

    /** What one account is sent: the body and the model in it (null when the body has none). */
    public record Sent(byte[] body, String model) {
    }

    /**
     * One request's decisions: the agent ({@code agentUsed}, null when none), the client's model
     * ({@code originalModel}), and per account what to send ({@link #forAccount}). Immutable.
     */
    public static final class Plan {
        private final byte[] clientBody;
        private final RequestModel scanned;
        private final String agentUsed;
        private final String preferred;
        private final ModelMappings mappings;

        Plan(byte[] clientBody, RequestModel scanned, String agentUsed, String preferred, ModelMappings mappings) {
            this.clientBody = clientBody;
            this.scanned = scanned;
            this.agentUsed = agentUsed;
            this.preferred = preferred;
            this.mappings = mappings;
        }

        /** A plan that sends {@code body} as it is and attributes nothing. */
        public static Plan unchanged(byte[] body) {
            return new Plan(body, null, null, null, null);
        }

        public String agentUsed() {
            return agentUsed;
        }

        public String originalModel() {
            return scanned == null ? null : scanned.model();
        }

        /** What to send to the account ({@code accountId} null for pass-through, which has no mappings). */
        public Sent forAccount(String accountId) {
            String model = modelFor(accountId);
            if (model == null || model.equals(scanned.model())) {
                return new Sent(clientBody, model);
            }
            return new Sent(scanned.withModel(clientBody, model), model);
        }

        /**
         * The model {@link #forAccount} sends to the account, without building the body: routing judges an
         * account's model-family lockouts by it (issue 11 part 2). Null when the body names no model.
         */
        public String modelFor(String accountId) {
            if (scanned == null || scanned.model() == null) {
                return null;
            }
            String original = scanned.model();
            ModelMappings.Policy policy = mappings == null ? ModelMappings.Policy.NONE : mappings.policy(accountId);
            if (policy.serveRequestedOnly()) {
                return original;
            }
            String model = policy.map(preferred != null ? preferred : original);
            return model.equals(original) || !scanned.replaceable() ? original : model;
        }
    }
}
