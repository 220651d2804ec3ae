package io.betterccflare.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The known agents: the global folder's {@code *.md} files, then each workspace's {@code <root>/.claude/agents}
 * (workspaces in the order first seen). Files are re-read when they change (a {@link WatchService} on every agent
 * folder, or on the nearest parent while a folder does not exist yet), and when a request names a new workspace
 * ({@link #discover}). Readers get an immutable {@link Snapshot}; one lock serialises reloads and edits.
 * Thread-safe. Source: reference-core.md §8.1 and §8.2 step 3 (with the one-segment path [BUG] fixed).
 */
public final class AgentRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);
    /** {@code <root>/.claude/agents} anywhere in the text (a path of any depth, no whitespace or quotes). */
    private static final Pattern AGENTS_PATH = Pattern.compile("(/[^\\s\"'`<>()\\[\\]]*?)/\\.claude/agents\\b");
    /** Claude Code's CLAUDE.md reminder: {@code Contents of <root>/CLAUDE.md}. */
    private static final Pattern CLAUDE_MD = Pattern.compile("Contents of ([^\\n]+?)/CLAUDE\\.md");

    /** All agents (global first), each list in detection order, and the workspaces. Immutable. */
    public record Snapshot(List<Agent> agents, List<Agent> global, List<Agent> workspace, List<Workspace> workspaces) {
        static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of(), List.of());
    }

    private final Path globalDir;
    private final Workspaces workspaces;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private WatchService watcher;
    private Thread watchThread;

    /**
     * @param globalDir the global agent folder (may not exist; null for none)
     * @param workspacesFile where the workspace list is kept
     */
    public AgentRegistry(Path globalDir, Path workspacesFile, Clock clock) {
        this.globalDir = globalDir;
        this.clock = clock;
        this.workspaces = new Workspaces(workspacesFile, clock.millis());
        reload();
    }

    /** Starts watching the agent folders; returns this. Without it, files are read only on start and on discovery. */
    public AgentRegistry watch() {
        try {
            watcher = java.nio.file.FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.warn("Agent files will not be re-read on change: {}", e.getMessage());
            return this;
        }
        registerWatches();
        watchThread = Thread.ofPlatform().daemon().name("agent-watcher").start(this::watchLoop);
        return this;
    }

    public Snapshot current() {
        return snapshot;
    }

    public Optional<Agent> find(String id) {
        for (Agent agent : snapshot.agents()) {
            if (agent.id().equals(id)) {
                return Optional.of(agent);
            }
        }
        return Optional.empty();
    }

    /** The first agent (in registry order) whose system prompt appears in {@code prompt}; null when none. */
    public Agent detect(String prompt) {
        if (prompt == null || prompt.isEmpty()) {
            return null;
        }
        for (Agent agent : snapshot.agents()) {
            if (!agent.systemPrompt().isEmpty() && prompt.contains(agent.systemPrompt())) {
                return agent;
            }
        }
        return null;
    }

    /**
     * Registers the workspaces a request's prompt names ({@code …/.claude/agents} paths and CLAUDE.md reminders)
     * whose agent folder exists on this host; new ones are persisted and their agents loaded at once.
     */
    public void discover(String prompt) {
        if (prompt == null || prompt.isEmpty()) {
            return;
        }
        Set<String> roots = new LinkedHashSet<>();
        Matcher agents = AGENTS_PATH.matcher(prompt);
        while (agents.find()) {
            roots.add(agents.group(1).replace("\\/", "/"));
        }
        Matcher claudeMd = CLAUDE_MD.matcher(prompt);
        while (claudeMd.find()) {
            roots.add(claudeMd.group(1).replace("\\/", "/").trim());
        }
        boolean added = false;
        for (String root : roots) {
            if (!root.startsWith("/")) {
                continue;
            }
            String normalised;
            try {
                normalised = Path.of(root).normalize().toString();
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            boolean wasKnown = workspaces.known(normalised);
            if ((wasKnown || Files.isDirectory(agentsDir(normalised))) && workspaces.seen(normalised, clock.millis())) {
                added = true;
            }
        }
        if (added) {
            reload();
            registerWatches();
        }
    }

    /**
     * Rewrites the agent's markdown file with {@code edit} (the other front-matter keys and their order are kept)
     * and returns the agent as now read; empty when no agent has this id. Throws {@link IllegalArgumentException}
     * for an invalid value and {@link java.io.UncheckedIOException} when the file cannot be written.
     */
    public Optional<Agent> edit(String id, AgentEdit edit) {
        lock.lock();
        try {
            Agent agent = find(id).orElse(null);
            if (agent == null) {
                return Optional.empty();
            }
            Path path = Path.of(agent.filePath());
            AgentFile file = AgentFile.parse(Files.readString(path, StandardCharsets.UTF_8))
                    .orElseThrow(() -> new IllegalArgumentException("The agent file " + path + " has no front-matter"));
            AgentFile changed = apply(file, edit);
            AtomicFile.write(path, changed.render());
            reload();
            return find(id);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot rewrite the agent file: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static AgentFile apply(AgentFile file, AgentEdit edit) {
        AgentFile changed = file;
        if (edit.description() != null) {
            if (edit.description().isBlank()) {
                throw new IllegalArgumentException("description must not be empty");
            }
            changed = changed.with("description", edit.description());
        }
        if (edit.model() != null) {
            changed = changed.with("model", ModelIds.inherits(edit.model()) ? ModelIds.INHERIT : ModelIds.canonical(edit.model()));
        }
        if (edit.color() != null) {
            if (!AgentFile.COLORS.contains(edit.color())) {
                throw new IllegalArgumentException("color must be one of: " + String.join(", ", AgentFile.COLORS));
            }
            changed = changed.with("color", edit.color());
        }
        if (edit.tools() != null) {
            for (String tool : edit.tools()) {
                if (!AgentFile.TOOLS.contains(tool)) {
                    throw new IllegalArgumentException("Unknown tool '" + tool + "'. Tools: " + String.join(", ", AgentFile.TOOLS));
                }
            }
            changed = changed.with("tools", edit.tools().isEmpty() ? null : String.join(", ", edit.tools()));
        }
        if (edit.systemPrompt() != null) {
            changed = changed.withBody(edit.systemPrompt());
        }
        return changed;
    }

    /** The workspace list with how many agents each holds. */
    public Map<Workspace, Integer> workspaceAgentCounts() {
        Snapshot now = snapshot;
        Map<Workspace, Integer> counts = new LinkedHashMap<>();
        for (Workspace workspace : now.workspaces()) {
            counts.put(workspace, (int) now.workspace().stream().filter(a -> workspace.path().equals(a.workspace())).count());
        }
        return counts;
    }

    /** Re-reads every agent file and publishes a new snapshot. */
    void reload() {
        lock.lock();
        try {
            Map<String, Agent> byId = new LinkedHashMap<>();
            List<Agent> global = new ArrayList<>();
            List<Agent> inWorkspaces = new ArrayList<>();
            if (globalDir != null) {
                for (Agent agent : read(globalDir, "global", null, null)) {
                    if (byId.putIfAbsent(agent.id(), agent) == null) {
                        global.add(agent);
                    }
                }
            }
            List<Workspace> known = workspaces.list();
            for (Workspace workspace : known) {
                for (Agent agent : read(agentsDir(workspace.path()), "workspace", workspace.path(), workspace.name())) {
                    if (byId.putIfAbsent(agent.id(), agent) == null) {
                        inWorkspaces.add(agent);
                    }
                }
            }
            snapshot = new Snapshot(List.copyOf(byId.values()), List.copyOf(global), List.copyOf(inWorkspaces), known);
        } finally {
            lock.unlock();
        }
    }

    private static Path agentsDir(String root) {
        return Path.of(root, ".claude", "agents");
    }

    private static List<Agent> read(Path dir, String source, String workspace, String workspaceName) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.md")) {
            entries.forEach(files::add);
        } catch (IOException e) {
            return List.of();
        }
        files.sort(null);
        List<Agent> agents = new ArrayList<>();
        for (Path file : files) {
            String base = file.getFileName().toString();
            String name = base.substring(0, base.length() - ".md".length());
            String id = workspaceName == null ? name : workspaceName + ":" + name;
            try {
                AgentFile.parse(Files.readString(file, StandardCharsets.UTF_8))
                        .flatMap(parsed -> parsed.toAgent(id, source, workspace, file.toAbsolutePath().toString()))
                        .ifPresentOrElse(agents::add, () -> LOG.debug("Skipping {}: no name/description front-matter", file));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping agent file {}: {}", file, e.getMessage());
            }
        }
        return agents;
    }

    /** Watches each agent folder, or its nearest existing parent (two levels up at most) until it exists. */
    private void registerWatches() {
        WatchService service = watcher;
        if (service == null) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        if (globalDir != null) {
            dirs.add(globalDir);
        }
        for (Workspace workspace : workspaces.list()) {
            dirs.add(agentsDir(workspace.path()));
        }
        for (Path dir : dirs) {
            Path target = dir;
            for (int up = 0; target != null && up < 3 && !Files.isDirectory(target); up++) {
                target = target.getParent();
            }
            if (target == null || !Files.isDirectory(target)) {
                continue;
            }
            try {
                target.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.debug("Cannot watch {}: {}", target, e.getMessage());
            }
        }
    }

    private void watchLoop() {
        while (true) {
            try {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                WatchKey more;
                while ((more = watcher.poll()) != null) {
                    more.pollEvents();
                    more.reset();
                }
                registerWatches();
                reload();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Agent reload failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("Closing the agent watcher: {}", e.getMessage());
            }
        }
        if (watchThread != null) {
            watchThread.interrupt();
        }
    }
}
