package io.betterccflare.server;

import io.betterccflare.accounts.AccountException;
import io.betterccflare.config.ConfigException;
import io.betterccflare.store.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where exceptions become HTTP responses. {@code /api/*} and {@code /health} get
 * {@code {"error": ..., "details"?: ...}}; every other path (the proxied Anthropic API) gets
 * {@code {"type":"error","error":{"type":...,"message":...}}}. Internal messages never reach clients.
 * Stateless; thread-safe.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void register(io.javalin.config.RoutesConfig routes) {
        // No route for the path (404) or not for the method (405): Javalin's own responses, in our shapes.
        routes.exception(HttpResponseException.class, (error, ctx) -> {
            boolean noMethod = error.getStatus() == 405;
            if (noMethod) {
                ctx.header("Allow", allowed(error));
            }
            write(ctx, error.getStatus(), noMethod ? "invalid_request_error" : "not_found_error", noMethod
                    ? "Method " + ctx.method() + " is not allowed on " + ctx.path()
                    : "Not found: " + ctx.method() + " " + ctx.path(), null);
        });
        routes.exception(ApiException.class, (error, ctx) -> write(ctx, error.status(), error.type(), error.getMessage(), error.details()));
        routes.exception(AccountException.class, (error, ctx) -> write(ctx,
                error.kind() == AccountException.Kind.NOT_FOUND ? 404 : 400,
                error.kind() == AccountException.Kind.NOT_FOUND ? "not_found_error" : "invalid_request_error",
                error.getMessage(), null));
        routes.exception(io.betterccflare.access.AccessException.class, (error, ctx) -> write(ctx,
                error.kind() == io.betterccflare.access.AccessException.Kind.NOT_FOUND ? 404 : 400,
                error.kind() == io.betterccflare.access.AccessException.Kind.NOT_FOUND ? "not_found_error" : "invalid_request_error",
                error.getMessage(), null));
        routes.exception(com.fasterxml.jackson.core.JsonProcessingException.class, (error, ctx) ->
                write(ctx, 400, "invalid_request_error", "Request body is not valid JSON", null));
        routes.exception(ConfigException.class, (error, ctx) -> {
            // The config file could not be written (or is broken): a server-side problem whose message names the file.
            LOG.error("Config error on {} {}: {}", ctx.method(), ctx.path(), error.getMessage());
            write(ctx, 500, "api_error", error.getMessage(), null);
        });
        routes.exception(StoreException.class, (error, ctx) -> {
            LOG.error("Database error on {} {}: {}", ctx.method(), ctx.path(), error.getMessage());
            write(ctx, 503, "api_error", "The database is unavailable; please retry", null);
        });
        routes.exception(Exception.class, (error, ctx) -> {
            LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), error);
            write(ctx, 500, "api_error", "Internal server error", null);
        });
    }

    static void write(Context ctx, int status, String type, String message, Object details) {
        ctx.status(status);
        if (isApiPath(ctx.path())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            if (details != null) {
                body.put("details", details);
            }
            ctx.json(body);
        } else {
            ctx.json(anthropicError(type, message));
        }
    }

    /** The methods the path has, for a 405's {@code Allow} header ({@code HEAD} wherever {@code GET} is). */
    private static String allowed(HttpResponseException error) {
        java.util.List<String> methods = new java.util.ArrayList<>();
        for (String listed : error.getDetails().values()) {
            for (String method : listed.split(",")) {
                methods.add(method.trim());
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return String.join(", ", methods);
    }

    /** The Anthropic error envelope. */
    public static Map<String, Object> anthropicError(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return body;
    }

    static boolean isApiPath(String path) {
        return path.startsWith("/api/") || path.equals("/health");
    }
}
