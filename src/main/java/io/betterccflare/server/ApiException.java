package io.betterccflare.server;

/**
 * A client-facing failure with its HTTP status. On {@code /api/*} it becomes {@code {"error": message,
 * "details"?: details}}; on proxied paths an Anthropic-shaped error of {@code type}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final transient Object details;

    public ApiException(int status, String type, String message, Object details) {
        super(message);
        this.status = status;
        this.type = type;
        this.details = details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request_error", message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found_error", message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Object details() {
        return details;
    }
}
