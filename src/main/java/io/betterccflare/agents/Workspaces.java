package io.betterccflare.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.betterccflare.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspaces seen in requests, persisted in {@code <data dir>/workspaces.json} as the reference's
 * {@code {version:1, workspaces:[{path, name, lastSeen}]}} (epoch ms). Workspaces not seen for 7 days are dropped
 * when the file is loaded. A sighting is written at once when the workspace is new, and at most hourly otherwise.
 * Thread-safe: one lock guards the list and the file.
 */
final class Workspaces {
    private static final Logger LOG = LoggerFactory.getLogger(Workspaces.class);
    static final long PRUNE_AFTER_MS = 7L * 24 * 3_600_000;
    private static final long REWRITE_AFTER_MS = 3_600_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Workspace> byPath = new LinkedHashMap<>();
    private volatile List<Workspace> snapshot = List.of();

    Workspaces(Path file, long nowMs) {
        this.file = file;
        load(nowMs);
    }

    List<Workspace> list() {
        return snapshot;
    }

    boolean known(String root) {
        for (Workspace workspace : snapshot) {
            if (workspace.path().equals(root)) {
                return true;
            }
        }
        return false;
    }

    /** Records a sighting of {@code root}; true when it was not known before. */
    boolean seen(String root, long nowMs) {
        lock.lock();
        try {
            Workspace before = byPath.get(root);
            if (before != null && nowMs - before.lastSeen() < REWRITE_AFTER_MS) {
                return false;
            }
            Path name = Path.of(root).getFileName();
            byPath.put(root, new Workspace(root, name == null ? root : name.toString(), nowMs));
            publishAndSave();
            return before == null;
        } finally {
            lock.unlock();
        }
    }

    private void load(long nowMs) {
        lock.lock();
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            int before = 0;
            for (JsonNode node : root.path("workspaces")) {
                before++;
                String path = node.path("path").asText("");
                long lastSeen = node.path("lastSeen").asLong(0);
                if (!path.isBlank() && nowMs - lastSeen <= PRUNE_AFTER_MS) {
                    byPath.put(path, new Workspace(path, node.path("name").asText(path), lastSeen));
                }
            }
            if (byPath.size() != before) {
                publishAndSave();
            } else {
                snapshot = List.copyOf(byPath.values());
            }
        } catch (NoSuchFileException e) {
            snapshot = List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the workspace list {}: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Publishes the list and writes the file (temp file, then rename). Call with the lock held. */
    private void publishAndSave() {
        snapshot = List.copyOf(byPath.values());
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("workspaces");
        for (Workspace workspace : new ArrayList<>(byPath.values())) {
            list.addObject().put("path", workspace.path()).put("name", workspace.name()).put("lastSeen", workspace.lastSeen());
        }
        try {
            AtomicFile.write(file, root.toPrettyString());
        } catch (IOException e) {
            LOG.warn("Cannot write the workspace list {}: {}", file, e.getMessage());
        }
    }
}
