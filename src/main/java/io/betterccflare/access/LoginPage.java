package io.betterccflare.access;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's login page ({@code /login}) and its script and style sheet, read once from the classpath folder
 * {@code access/}. The page posts the key as JSON to {@code /api/auth/login} and goes back to {@code ?next=}.
 * Immutable after {@link #load}; thread-safe.
 */
final class LoginPage {
    private static final Map<String, String> TYPES = Map.of(
            "login.html", "text/html; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8",
            "login.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files;

    private LoginPage(Map<String, byte[]> files) {
        this.files = Map.copyOf(files);
    }

    static LoginPage load() {
        Map<String, byte[]> files = new HashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = LoginPage.class.getResourceAsStream("/access/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("The login page is missing from the classpath (access/" + name + ")");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read access/" + name, e);
            }
        }
        return new LoginPage(files);
    }

    void serve(Context ctx, String name, String contentSecurityPolicy) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.contentType(TYPES.get(name));
        ctx.result(files.get(name));
    }
}
