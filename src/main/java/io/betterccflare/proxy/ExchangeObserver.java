package io.betterccflare.proxy;

import java.util.List;
import java.util.Map;

/**
 * Watches every client request the proxy handles, for request logging and live events. The proxy calls
 * {@link #begin} once per client request on the request's own (virtual) thread, then the returned
 * {@link Exchange}'s methods in order: {@code responseStarted}, any number of {@code chunk}, {@code finished}.
 * Implementations must be thread-safe, must never block or throw (hand work to a queue), and must copy
 * chunk bytes they keep: the buffer is reused after the call returns.
 */
public interface ExchangeObserver {

    /** An observer that records nothing. */
    ExchangeObserver NONE = start -> Exchange.NONE;

    Exchange begin(ExchangeStart start);

    /** Reports every event to {@code first}, then to {@code second} (request log and metrics). */
    static ExchangeObserver both(ExchangeObserver first, ExchangeObserver second) {
        return start -> {
            Exchange a = first.begin(start);
            Exchange b = second.begin(start);
            return new Exchange() {
                @Override
                public void modelChosen(ModelChoice choice) {
                    a.modelChosen(choice);
                    b.modelChosen(choice);
                }

                @Override
                public void responseStarted(ResponseStart response) {
                    a.responseStarted(response);
                    b.responseStarted(response);
                }

                @Override
                public void chunk(byte[] buffer, int offset, int length) {
                    a.chunk(buffer, offset, length);
                    b.chunk(buffer, offset, length);
                }

                @Override
                public void finished(Finish finish) {
                    a.finished(finish);
                    b.finished(finish);
                }
            };
        };
    }

    /**
     * What the client sent. Headers are already stripped of credentials ({@code authorization},
     * {@code x-api-key}, cookies); {@code body} may be empty, never null, and must not be modified.
     * {@code apiKeyId}/{@code apiKeyName} name the client's API key, null when API keys are off.
     */
    record ExchangeStart(String requestId, long startedAtMs, String method, String path, String query,
                         Map<String, List<String>> clientHeaders, byte[] body, String apiKeyId, String apiKeyName) {
    }

    /** One upstream attempt: which account (null when passing through), and how it ended. */
    record Attempt(String accountId, String accountName, int status, String outcome) {
    }

    /**
     * The response the client gets. {@code accountId} is the account that served it (null for
     * pass-through or for the proxy's own error responses); {@code attempts} lists every account tried,
     * in order, including the one that served.
     */
    record ResponseStart(String accountId, String accountName, int status, Map<String, List<String>> headers,
                         boolean streaming, List<Attempt> attempts) {
    }

    /**
     * How the exchange ended. {@code error} is null on a complete response; otherwise a short reason
     * ("client disconnected", "upstream closed mid-stream", ...). {@code clientDisconnected} is true when
     * the client went away first.
     */
    record Finish(long endedAtMs, boolean clientDisconnected, String error) {
    }

    /**
     * The agent a request was attributed to and the model an upstream attempt was sent (issue 14): {@code agentUsed}
     * (null when none), the client's {@code originalModel} and the {@code appliedModel} sent (null when the body has
     * no model). Reported before each attempt; the last one reported belongs to the response the client gets.
     */
    record ModelChoice(String agentUsed, String originalModel, String appliedModel) {
    }

    /** The per-request callbacks. */
    interface Exchange {
        Exchange NONE = new Exchange() {
            @Override
            public void responseStarted(ResponseStart response) {
            }

            @Override
            public void chunk(byte[] buffer, int offset, int length) {
            }

            @Override
            public void finished(Finish finish) {
            }
        };

        /** Called before each upstream attempt; implementations keep the latest. */
        default void modelChosen(ModelChoice choice) {
        }

        void responseStarted(ResponseStart response);

        /** Body bytes exactly as sent to the client (after any decoding the proxy did not do: raw). */
        void chunk(byte[] buffer, int offset, int length);

        void finished(Finish finish);
    }
}
