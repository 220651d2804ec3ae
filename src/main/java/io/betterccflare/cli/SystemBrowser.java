package io.betterccflare.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The desktop's browser, started with the platform's opener ({@code open} on macOS, {@code rundll32} on
 * Windows, {@code xdg-open} on Linux when a display is set). Does not wait for the browser. Thread-safe.
 */
public final class SystemBrowser implements Browser {
    private final String osName;
    private final Map<String, String> env;

    public SystemBrowser(String osName, Map<String, String> env) {
        this.osName = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        this.env = Map.copyOf(env);
    }

    @Override
    public boolean open(String url) {
        List<String> command;
        if (osName.contains("mac")) {
            command = List.of("open", url);
        } else if (osName.contains("win")) {
            command = List.of("rundll32", "url.dll,FileProtocolHandler", url);
        } else if (env.containsKey("DISPLAY") || env.containsKey("WAYLAND_DISPLAY")) {
            command = List.of("xdg-open", url);
        } else {
            return false;
        }
        try {
            new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
