package io.betterccflare.proxy;

import io.betterccflare.proxy.ExchangeObserver.Attempt;
import io.betterccflare.proxy.ExchangeObserver.Exchange;
import io.betterccflare.server.ErrorMapper;
import io.betterccflare.server.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies an upstream response to the client: the head (filtered by {@link HeaderPolicy}; no
 * {@code content-length} when the upstream framed with chunks or the body was decoded, no
 * {@code content-encoding} when decoded), then the bytes read to classify it, then the rest, writing and
 * flushing every read so SSE events leave as they arrive. Every byte also goes to the {@link Exchange}.
 * When the upstream stream goes silent longer than the idle limit, an SSE client gets an Anthropic-shaped
 * {@code event: error} ({@code timeout_error}) and the row says why; other breaks cut the client's
 * connection. Used by one request's thread.
 */
final class Relay {
    private static final int COPY_BUFFER = 16_384;

    private final HttpServletResponse clientResponse;
    private final ClientLink link;
    private final Clock clock;
    private final long idleMs;

    Relay(HttpServletResponse clientResponse, ClientLink link, Clock clock, long idleMs) {
        this.clientResponse = clientResponse;
        this.link = link;
        this.clock = clock;
        this.idleMs = idleMs;
    }

    long now() {
        return clock.millis();
    }

    /** Relays {@code body} as the answer of {@code accountId} (null for pass-through). */
    void relay(Exchange exchange, DecodedBody body, String accountId, String accountName, List<Attempt> attempts) {
        UpstreamResponse upstreamResponse = body.response();
        int status = upstreamResponse.status();
        clientResponse.setStatus(status);
        Map<String, List<String>> sent = headersToClient(upstreamResponse, body.decoded());
        sent.forEach((name, values) -> {
            clientResponse.setHeader(name, values.getFirst());
            for (int i = 1; i < values.size(); i++) {
                clientResponse.addHeader(name, values.get(i));
            }
        });
        Map<String, List<String>> recorded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        recorded.putAll(upstreamResponse.headers());
        if (body.decoded()) {
            recorded.remove("content-encoding");
            recorded.remove("content-length");
        }
        boolean streaming = body.eventStream();
        exchange.responseStarted(new ExchangeObserver.ResponseStart(accountId, accountName, status, recorded, streaming,
                List.copyOf(attempts)));
        copy(exchange, body, streaming);
    }

    private static Map<String, List<String>> headersToClient(UpstreamResponse upstreamResponse, boolean decoded) {
        Set<String> named = HeaderPolicy.connectionTokens(upstreamResponse.headers().get("connection"));
        boolean chunked = upstreamResponse.header("transfer-encoding") != null;
        Map<String, List<String>> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        upstreamResponse.headers().forEach((name, values) -> {
            boolean framing = name.equals("content-length") && (chunked || decoded);
            if (HeaderPolicy.toClient(name) && !named.contains(name) && !framing
                    && !(decoded && name.equals("content-encoding")) && !values.isEmpty()) {
                sent.put(name, values);
            }
        });
        return sent;
    }

    private void copy(Exchange exchange, DecodedBody body, boolean streaming) {
        UpstreamResponse upstreamResponse = body.response();
        link.whenGone(() -> upstreamResponse.abort(new UpstreamHttp.ClientGone()));
        String error = null;
        boolean clientGone = false;
        try (upstreamResponse) {
            OutputStream out = clientResponse.getOutputStream();
            byte[] prefix = body.prefix();
            if (prefix.length > 0 || streaming) {
                out.write(prefix);
                out.flush();
                exchange.chunk(prefix, 0, prefix.length);
            }
            InputStream in = body.rest();
            byte[] buffer = new byte[COPY_BUFFER];
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    clientGone = link.gone();
                    if (!clientGone) {
                        error = upstreamBroke(exchange, upstreamResponse, streaming, out, e);
                    }
                    break;
                }
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
                exchange.chunk(buffer, 0, read);
            }
        } catch (IOException e) {
            clientGone = true;
        } finally {
            link.clear();
        }
        exchange.finished(new ExchangeObserver.Finish(clock.millis(), clientGone,
                clientGone ? "client disconnected" : error));
    }

    /** Ends the client's response after the upstream broke; returns the row's error. */
    private String upstreamBroke(Exchange exchange, UpstreamResponse upstreamResponse, boolean streaming,
                                 OutputStream out, IOException cause) throws IOException {
        if (!upstreamResponse.idleTimedOut()) {
            link.abort(cause);
            return "upstream closed mid-response";
        }
        String message = "The upstream sent nothing for " + idleMs + " ms";
        if (!streaming) {
            link.abort(cause);
            return "upstream idle timeout: " + message;
        }
        byte[] event = ("event: error\ndata: " + Json.MAPPER.writeValueAsString(ErrorMapper.anthropicError("timeout_error", message))
                + "\n\n").getBytes(StandardCharsets.UTF_8);
        out.write(event);
        out.flush();
        exchange.chunk(event, 0, event.length);
        return "upstream stream idle timeout: " + message;
    }

    /** Sends a whole body we hold (an error body, ours or the upstream's). */
    void bytes(Exchange exchange, byte[] body) {
        boolean clientGone = false;
        try {
            clientResponse.setContentLength(body.length);
            OutputStream out = clientResponse.getOutputStream();
            out.write(body);
            out.flush();
            exchange.chunk(body, 0, body.length);
        } catch (IOException e) {
            clientGone = true;
        }
        exchange.finished(new ExchangeObserver.Finish(clock.millis(), clientGone,
                clientGone ? "client disconnected" : null));
    }
}
