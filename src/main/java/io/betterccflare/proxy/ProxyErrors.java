package io.betterccflare.proxy;

import io.betterccflare.proxy.ExchangeObserver.Attempt;
import io.betterccflare.proxy.ExchangeObserver.Exchange;
import io.betterccflare.routing.Refusal;
import io.betterccflare.server.ErrorMapper;
import io.betterccflare.server.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers the proxy writes itself on {@code /v1/*}: Anthropic-shaped errors ({@code {"type":"error",
 * "error":{"type","message"}}}, with {@code retry-after} in seconds when positive), an upstream's own error
 * body passed on when no other account could take the request, and the 499 row of a client that left.
 * Each reports the response to the {@link Exchange} like a relayed one. Used by one request's thread.
 */
final class ProxyErrors {
    /** Status recorded when the client left before any response (nginx's "client closed request"). */
    static final int CLIENT_CLOSED = 499;

    private final HttpServletResponse clientResponse;
    private final ClientLink link;
    private final Relay relay;

    ProxyErrors(HttpServletResponse clientResponse, ClientLink link, Relay relay) {
        this.clientResponse = clientResponse;
        this.link = link;
        this.relay = relay;
    }

    void refuse(Exchange exchange, List<Attempt> attempts, Refusal refusal) {
        refuse(exchange, attempts, refusal.status(), refusal.type(), refusal.message(), refusal.retryAfterSeconds());
    }

    /** Our own error, unless the response already started: then the client's connection is cut. */
    void refuseIfOpen(Exchange exchange, List<Attempt> attempts, int status, String type, String message,
                      long retryAfterSeconds) {
        if (clientResponse.isCommitted()) {
            link.abort(new IllegalStateException(message));
            exchange.finished(new ExchangeObserver.Finish(relay.now(), false, message));
            return;
        }
        clientResponse.reset();
        refuse(exchange, attempts, status, type, message, retryAfterSeconds);
    }

    /** Answers with our own Anthropic-shaped error (and {@code retry-after} when positive). */
    void refuse(Exchange exchange, List<Attempt> attempts, int status, String type, String message,
                long retryAfterSeconds) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(ErrorMapper.anthropicError(type, message));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write an error body", e);
        }
        Map<String, List<String>> headers = new HashMap<>(2);
        if (retryAfterSeconds > 0) {
            headers.put("retry-after", List.of(Long.toString(retryAfterSeconds)));
        }
        send(exchange, attempts, status, headers, json);
    }

    /** The upstream's own error envelope with its status (a lone account's 529 stays a 529). */
    void upstreamError(Exchange exchange, List<Attempt> attempts, int status, byte[] envelope) {
        send(exchange, attempts, status, new HashMap<>(1), envelope);
    }

    private void send(Exchange exchange, List<Attempt> attempts, int status, Map<String, List<String>> headers, byte[] json) {
        clientResponse.setStatus(status);
        clientResponse.setContentType("application/json");
        headers.put("content-type", List.of("application/json"));
        headers.forEach((name, values) -> clientResponse.setHeader(name, values.getFirst()));
        exchange.responseStarted(new ExchangeObserver.ResponseStart(null, null, status, headers, false, List.copyOf(attempts)));
        relay.bytes(exchange, json);
    }

    /** Records the request of a client that left before any response: one row, status 499. */
    void clientLeft(Exchange exchange, List<Attempt> attempts) {
        exchange.responseStarted(new ExchangeObserver.ResponseStart(null, null, CLIENT_CLOSED, Map.of(), false,
                List.copyOf(attempts)));
        exchange.finished(new ExchangeObserver.Finish(relay.now(), true, "client disconnected"));
    }
}
