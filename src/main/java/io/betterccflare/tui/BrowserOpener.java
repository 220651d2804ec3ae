package io.betterccflare.tui;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a URL in the user's browser with the platform's opener ({@code open} on macOS, {@code xdg-open} on
 * Linux when a display is present, {@code rundll32} on Windows). Its output is discarded so nothing reaches the
 * screen. Thread-safe.
 */
final class BrowserOpener {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserOpener.class);

    private final String osName;
    private final Map<String, String> env;

    BrowserOpener(String osName, Map<String, String> env) {
        this.osName = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        this.env = env;
    }

    /** The command that would open a URL here, or null when there is none (no display, no opener). */
    List<String> command(String url) {
        if (osName.contains("mac")) {
            return List.of("open", url);
        }
        if (osName.contains("win")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        boolean display = env.get("DISPLAY") != null || env.get("WAYLAND_DISPLAY") != null;
        return display && onPath("xdg-open") ? List.of("xdg-open", url) : null;
    }

    /** Tries to open {@code url}; true when an opener was started. */
    boolean open(String url) {
        List<String> command = command(url);
        if (command == null) {
            return false;
        }
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File(osName.contains("win") ? "NUL" : "/dev/null"))).start();
            return true;
        } catch (IOException e) {
            LOG.info("Cannot open a browser with {}: {}", command.getFirst(), e.getMessage());
            return false;
        }
    }

    private boolean onPath(String program) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
