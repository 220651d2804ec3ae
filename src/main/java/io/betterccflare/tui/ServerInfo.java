package io.betterccflare.tui;

import java.net.URI;

/**
 * What the terminal UI knows about the in-process server it manages: the loopback address its API client
 * uses, the address to show and open, the database description and when the server started. Immutable.
 */
public record ServerInfo(URI apiBase, String publicUrl, String host, int port, String database, long startedAtMs) {
    public String dashboardUrl() {
        return publicUrl + "/dashboard";
    }
}
