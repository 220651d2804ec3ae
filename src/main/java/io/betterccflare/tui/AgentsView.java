package io.betterccflare.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * Agents (issue 14): the agents found in {@code ~/.claude/agents} and in workspaces, All / Global / Workspace
 * (Tab), and the model each agent's requests use; {@code m} moves the selected agent to the next model
 * (inherit → Opus → Sonnet → Haiku); Enter opens that agent's requests. UI thread only, except the load.
 */
final class AgentsView implements View {
    /** The model cycle of {@code m}: inherit, then the current Opus, Sonnet and Haiku. */
    static final List<String> MODELS = List.of("inherit", "claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929",
            "claude-haiku-4-5-20251001");
    private static final List<String> TABS = List.of("All", "Global", "Workspace");

    /** What the screen shows. */
    record Snapshot(ApiRecords.Agents agents, String defaultModel) {
    }

    private final UiContext ui;
    private final Remote<Snapshot> data;
    private final Selection selection = new Selection();
    private int tab;

    AgentsView(UiContext ui) {
        this.ui = ui;
        this.data = new Remote<>(ui, "Agents", () -> new Snapshot(ui.api().agents(), ui.api().defaultAgentModel()));
    }

    @Override
    public String title() {
        return "Agents";
    }

    @Override
    public String help() {
        return "↑/↓ move · m next model · Enter requests · Tab All/Global/Workspace · r refresh · q/Esc back";
    }

    @Override
    public void opened() {
        data.refresh();
    }

    @Override
    public void tick(long nowMs) {
        data.refreshEvery(30_000, nowMs);
    }

    private List<ApiRecords.Agent> shown(ApiRecords.Agents agents) {
        List<ApiRecords.Agent> list = switch (tab) {
            case 1 -> agents.globalAgents();
            case 2 -> agents.workspaceAgents();
            default -> agents.agents();
        };
        return list == null ? List.of() : list;
    }

    @Override
    public void render(Canvas canvas) {
        Snapshot current = data.value();
        if (current == null) {
            canvas.text(2, 1, data.loading() ? "Loading agents..." : "No data yet (r to retry)", Style.DIM);
            return;
        }
        int col = 2;
        for (int i = 0; i < TABS.size(); i++) {
            col = canvas.text(col, 1, i == tab ? "[" + TABS.get(i) + "]" : " " + TABS.get(i) + " ", i == tab ? Style.HEADING : Style.NORMAL) + 1;
        }
        canvas.text(col + 2, 1, "Default agent model: " + current.defaultModel(), Style.DIM);
        List<ApiRecords.Agent> agents = shown(current.agents());
        selection.resize(agents.size());
        if (agents.isEmpty()) {
            canvas.text(2, 3, "No agents. Put agent files in ~/.claude/agents/ or <project>/.claude/agents/ (name and description front-matter).", Style.DIM);
            return;
        }
        canvas.text(2, 3, Formats.pad("AGENT", 26) + Formats.pad("SOURCE", 14) + Formats.pad("REQUESTS USE", 30) + "DESCRIPTION", Style.BOLD);
        int rows = Math.max(1, canvas.height() - 5);
        int start = selection.pageStart(rows);
        for (int i = start; i < Math.min(agents.size(), start + rows); i++) {
            ApiRecords.Agent agent = agents.get(i);
            boolean selected = i == selection.index();
            String source = "global".equals(agent.source()) ? "global" : workspaceName(agent.workspace());
            String model = agent.preferredModel() == null ? "inherit (client's model)" : agent.preferredModel();
            String line = (selected ? "▶ " : "  ") + Formats.pad(agent.name(), 24) + Formats.pad(source, 14) + Formats.pad(model, 30)
                    + agent.description();
            canvas.line(4 + i - start, line, selected ? Style.SELECTED : Style.NORMAL);
        }
    }

    private static String workspaceName(String path) {
        if (path == null) {
            return "workspace";
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    @Override
    public Nav onKey(KeyStroke key) {
        if (Keys.back(key)) {
            return Nav.BACK;
        }
        Snapshot current = data.value();
        if (Keys.is(key, 'r') || current == null) {
            data.refresh();
            return Nav.STAY;
        }
        List<ApiRecords.Agent> agents = shown(current.agents());
        selection.resize(agents.size());
        if (key.getKeyType() == KeyType.ArrowUp) {
            selection.up();
        } else if (key.getKeyType() == KeyType.ArrowDown) {
            selection.down();
        } else if (key.getKeyType() == KeyType.Tab) {
            tab = (tab + 1) % TABS.size();
            selection.select(0);
        } else if (Keys.enter(key) && !agents.isEmpty()) {
            return Nav.open(new RequestsView(ui, agents.get(selection.index()).id()));
        } else if (Keys.is(key, 'm') && !agents.isEmpty()) {
            ApiRecords.Agent agent = agents.get(selection.index());
            String now = agent.preferredModel() == null ? "inherit" : agent.preferredModel();
            String next = MODELS.get((MODELS.indexOf(now) + 1) % MODELS.size());
            try {
                ui.api().setAgentModel(agent.id(), next);
                ui.info("✓ " + agent.name() + " requests use: " + next);
            } catch (ApiCallException e) {
                ui.error(e.getMessage());
            }
            data.refresh();
        }
        return Nav.STAY;
    }
}
