package io.betterccflare.support;

import io.betterccflare.proxy.ExchangeObserver;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives an {@link ExchangeObserver} the way the proxy does: begin, response start, body chunks (reusing
 * one buffer, as the proxy does), finish. Build with the {@code with*} methods, then {@link #run}. Immutable.
 */
public record FakeExchange(String id, long startedAtMs, long endedAtMs, String method, String path,
                           Map<String, List<String>> clientHeaders, byte[] requestBody, Integer status,
                           String accountId, String contentType, boolean streaming, byte[] responseBody, int chunkSize,
                           List<ExchangeObserver.Attempt> attempts, String error) {

    public static FakeExchange json(String id, long startedAtMs, String accountId, String body) {
        return new FakeExchange(id, startedAtMs, startedAtMs + 1_000, "POST", "/v1/messages",
                Map.of("content-type", List.of("application/json"), "anthropic-version", List.of("2023-06-01")),
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}".getBytes(StandardCharsets.UTF_8), 200, accountId,
                "application/json", false, body.getBytes(StandardCharsets.UTF_8), 64,
                accountId == null ? List.of() : List.of(new ExchangeObserver.Attempt(accountId, null, 200, "served")), null);
    }

    public static FakeExchange stream(String id, long startedAtMs, String accountId, String sse) {
        return json(id, startedAtMs, accountId, sse).withContentType("text/event-stream", true);
    }

    public FakeExchange withContentType(String type, boolean stream) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, path, clientHeaders, requestBody, status, accountId, type,
                stream, responseBody, chunkSize, attempts, error);
    }

    public FakeExchange withStatus(Integer newStatus) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, path, clientHeaders, requestBody, newStatus, accountId,
                contentType, streaming, responseBody, chunkSize, attempts, error);
    }

    public FakeExchange withDuration(long ms) {
        return new FakeExchange(id, startedAtMs, startedAtMs + ms, method, path, clientHeaders, requestBody, status, accountId,
                contentType, streaming, responseBody, chunkSize, attempts, error);
    }

    public FakeExchange withPath(String newPath) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, newPath, clientHeaders, requestBody, status, accountId,
                contentType, streaming, responseBody, chunkSize, attempts, error);
    }

    public FakeExchange withRequest(Map<String, List<String>> headers, byte[] body) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, path, headers, body, status, accountId,
                contentType, streaming, responseBody, chunkSize, attempts, error);
    }

    public FakeExchange withAttempts(List<ExchangeObserver.Attempt> tried) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, path, clientHeaders, requestBody, status, accountId,
                contentType, streaming, responseBody, chunkSize, tried, error);
    }

    public FakeExchange withError(String finishError) {
        return new FakeExchange(id, startedAtMs, endedAtMs, method, path, clientHeaders, requestBody, status, accountId,
                contentType, streaming, responseBody, chunkSize, attempts, finishError);
    }

    public void run(ExchangeObserver observer) {
        ExchangeObserver.Exchange exchange = observer.begin(new ExchangeObserver.ExchangeStart(
                id, startedAtMs, method, path, null, clientHeaders, requestBody, null, null));
        if (status != null) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("content-type", List.of(contentType));
            headers.put("request-id", List.of("req_" + id));
            exchange.responseStarted(new ExchangeObserver.ResponseStart(accountId, null, status, headers, streaming, attempts));
            byte[] buffer = new byte[chunkSize];
            for (int offset = 0; offset < responseBody.length; offset += chunkSize) {
                int length = Math.min(chunkSize, responseBody.length - offset);
                System.arraycopy(responseBody, offset, buffer, 0, length);
                exchange.chunk(buffer, 0, length);
                java.util.Arrays.fill(buffer, (byte) '#');
            }
        }
        exchange.finished(new ExchangeObserver.Finish(endedAtMs, false, error));
    }
}
