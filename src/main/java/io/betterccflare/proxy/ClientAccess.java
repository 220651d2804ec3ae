package io.betterccflare.proxy;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The proxy's access hook: who sent a client request (the API key the access filter authenticated, if any)
 * and whether it may go upstream under that key's limits. The proxy asks {@link #caller} once per request,
 * then {@link #admit} before routing, and runs {@link Admission.Admitted#release} when the exchange is over.
 * Implementations are thread-safe.
 */
public interface ClientAccess {

    /** API keys are off: every request is anonymous and admitted. */
    ClientAccess OPEN = new ClientAccess() {
        @Override
        public Caller caller(HttpServletRequest clientRequest) {
            return Caller.ANONYMOUS;
        }

        @Override
        public Admission admit(Caller caller, byte[] body, boolean pinned) {
            return Admission.Admitted.FREE;
        }
    };

    /** The caller of {@code clientRequest}; {@link Caller#ANONYMOUS} when no key was presented or keys are off. */
    Caller caller(HttpServletRequest clientRequest);

    /**
     * Applies the caller's limits to a request whose raw body is {@code body}; {@code pinned} is true when the
     * client asks for one account by header. May read and write the store (per-key counts).
     */
    Admission admit(Caller caller, byte[] body, boolean pinned);

    /**
     * The API key that sent a request: its id and name (both null when anonymous) and whether it is an admin key.
     * When {@code keyId} is non-null the client's credential headers are ours and never go upstream.
     */
    record Caller(String keyId, String keyName, boolean admin) {
        public static final Caller ANONYMOUS = new Caller(null, null, true);

        public boolean anonymous() {
            return keyId == null;
        }
    }

    /** The outcome of {@link #admit}. */
    sealed interface Admission {
        /** The request may go on; {@code release} runs once when the exchange is over. */
        record Admitted(Runnable release) implements Admission {
            public static final Admitted FREE = new Admitted(() -> { });
        }

        /** Refused with an Anthropic-shaped error; {@code retryAfterSeconds} is sent when positive. */
        record Denied(int status, String type, String message, long retryAfterSeconds) implements Admission {
        }
    }
}
