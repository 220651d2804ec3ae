package io.betterccflare.proxy;

import io.betterccflare.accounts.AccessTokens.TokenUnavailableException;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.proxy.ExchangeObserver.Attempt;
import io.betterccflare.proxy.ExchangeObserver.Exchange;
import io.betterccflare.proxy.HeaderPolicy.Auth;
import io.betterccflare.ratelimit.RateLimitHeaders;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.ratelimit.Verdict;
import io.betterccflare.routing.Refusal;
import io.betterccflare.routing.Route;
import io.betterccflare.server.ErrorMapper;
import io.betterccflare.server.Json;
import io.betterccflare.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the proxy: read it, pick the accounts, try them in order until one
 * serves (decision 5: failover only before the first byte reaches the client), relay the response
 * chunk by chunk, and report everything to the {@link ExchangeObserver}. Used by one thread, once.
 */
final class ProxyExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);
    private static final int COPY_BUFFER = 16_384;
    private static final int MAX_ERROR_BODY = 262_144;
    private static final long MAX_DISCARD = 64L << 20;
    /** Status recorded when the client left before any response (nginx's "client closed request"). */
    static final int CLIENT_CLOSED = 499;

    private final ProxyServices services;
    private final HttpServletRequest clientRequest;
    private final HttpServletResponse clientResponse;
    private final ClientLink link;
    private final List<Attempt> attempts = new ArrayList<>(2);
    private final Map<String, Refusal.Lockout> learnt = new HashMap<>(4);
    private ClientRequest request;
    private Exchange exchange = Exchange.NONE;

    ProxyExchange(ProxyServices services, HttpServletRequest clientRequest, HttpServletResponse clientResponse) {
        this.services = services;
        this.clientRequest = clientRequest;
        this.clientResponse = clientResponse;
        this.link = new ClientLink(clientRequest);
    }

    void run() {
        long startedAt = services.clock().millis();
        String method = clientRequest.getMethod();
        String path = clientRequest.getRequestURI();
        String query = clientRequest.getQueryString();
        Map<String, List<String>> headers = ClientRequest.headersOf(clientRequest);
        ClientAccess.Caller caller = services.access().caller(clientRequest);
        if (!caller.anonymous()) {
            // The client authenticated with one of our keys: it is ours, never the upstream's.
            headers.keySet().removeAll(HeaderPolicy.CREDENTIALS);
        }
        byte[] body;
        try {
            body = ClientRequest.readBody(clientRequest, services.config().server().maxRequestBodyBytes());
        } catch (ClientRequest.TooLarge e) {
            ClientRequest.discardRest(clientRequest, MAX_DISCARD);
            begin(new ClientRequest(method, path, query, headers, ClientRequest.EMPTY), startedAt, caller);
            long megabytes = services.config().server().maxRequestBodyBytes() / (1024 * 1024);
            refuse(413, "request_too_large", "Request body is larger than the " + megabytes + " MB limit", 0);
            return;
        } catch (IOException e) {
            begin(new ClientRequest(method, path, query, headers, ClientRequest.EMPTY), startedAt, caller);
            clientLeft();
            return;
        }
        begin(new ClientRequest(method, path, query, headers, body), startedAt, caller);
        ClientAccess.Admission admission;
        try {
            admission = services.access().admit(caller, body, request.firstHeader(HeaderPolicy.FORCED_ACCOUNT) != null);
        } catch (StoreException e) {
            LOG.warn("Key limits unavailable on {} {}: {}", method, path, e.getMessage());
            refuse(503, "api_error", "The database is unavailable; please retry", 5);
            return;
        }
        switch (admission) {
            case ClientAccess.Admission.Denied denied ->
                    refuse(denied.status(), denied.type(), denied.message(), denied.retryAfterSeconds());
            case ClientAccess.Admission.Admitted admitted -> {
                try {
                    routeSafely(method, path);
                } finally {
                    admitted.release().run();
                }
            }
        }
    }

    private void routeSafely(String method, String path) {
        try {
            route();
        } catch (StoreException e) {
            LOG.warn("Account store unavailable on {} {}: {}", method, path, e.getMessage());
            refuseIfOpen(503, "api_error", "The database is unavailable; please retry", 5);
        } catch (RuntimeException e) {
            LOG.error("Proxy failure on {} {}", method, path, e);
            refuseIfOpen(500, "api_error", "Internal proxy error", 0);
        }
    }

    private void begin(ClientRequest read, long startedAt, ClientAccess.Caller caller) {
        this.request = read;
        this.exchange = services.observer().begin(new ExchangeObserver.ExchangeStart(UUID.randomUUID().toString(),
                startedAt, read.method(), read.path(), read.query(), HeaderPolicy.forRecord(read.headers()), read.body(),
                caller.keyId(), caller.keyName()));
    }

    private void route() {
        long now = services.clock().millis();
        List<Account> accounts = services.pool().accounts(now);
        String forced = request.firstHeader(HeaderPolicy.FORCED_ACCOUNT);
        if (forced != null) {
            Account pinned = find(accounts, forced.trim());
            if (pinned == null) {
                refuse(400, "invalid_request_error",
                        "Unknown account '" + forced.trim() + "' in " + HeaderPolicy.FORCED_ACCOUNT, 0);
                return;
            }
            failover(List.of(pinned), List.of(pinned));
            return;
        }
        switch (services.strategy().route(accounts, now)) {
            case Route.NoAccounts ignored -> passThrough();
            case Route.Unavailable unavailable -> refuse(unavailable.refusal());
            case Route.Candidates candidates -> failover(candidates.accounts(), accounts);
        }
    }

    private static Account find(List<Account> accounts, String idOrName) {
        for (Account account : accounts) {
            if (account.id().equals(idOrName)) {
                return account;
            }
        }
        for (Account account : accounts) {
            if (account.name().equals(idOrName)) {
                return account;
            }
        }
        return null;
    }

    private void passThrough() {
        if (!services.config().server().passthrough()) {
            refuse(503, "api_error",
                    "No accounts are configured and pass-through is disabled (BETTER_CCFLARE_PASSTHROUGH=false)", 5);
            return;
        }
        URI target = services.targets().passThrough(request.path(), request.query());
        UpstreamResponse upstreamResponse = call(target, new Auth.ClientOwn(), null);
        if (upstreamResponse != null) {
            attempts.add(new Attempt(null, null, upstreamResponse.status(), "passthrough"));
            relay(upstreamResponse, null, null);
        } else if (link.gone()) {
            clientLeft();
        } else {
            refuse(503, "api_error", "The upstream could not be reached", 5);
        }
    }

    private void failover(List<Account> candidates, List<Account> considered) {
        for (Account account : candidates) {
            if (link.gone()) {
                clientLeft();
                return;
            }
            if (tryAccount(account)) {
                return;
            }
        }
        if (link.gone()) {
            clientLeft();
            return;
        }
        refuse(Refusal.of(considered, learnt, attempts.size(), services.clock().millis()));
    }

    /** One attempt; true when the response went to the client (whatever happened while relaying). */
    private boolean tryAccount(Account account) {
        Auth auth;
        URI target;
        try {
            auth = auth(account);
            target = services.targets().forAccount(account, request.path(), request.query());
        } catch (TokenUnavailableException e) {
            LOG.debug("No token for account {}: {}", account.name(), e.getMessage());
            attempts.add(new Attempt(account.id(), account.name(), 0, "token_unavailable"));
            return false;
        }
        UpstreamResponse upstreamResponse = call(target, auth, account);
        if (upstreamResponse == null) {
            return false;
        }
        long now = services.clock().millis();
        int status = upstreamResponse.status();
        RateLimitHeaders limits = RateLimitHeaders.parse(upstreamResponse::header, now);
        byte[] errorBody = ResponseClassifier.needsBody(status) ? readSmall(upstreamResponse.body()) : null;
        Verdict verdict = services.classifier().classify(account.provider(), status, limits,
                errorBody == null ? ClientRequest.EMPTY : errorBody, now);
        RateLimitState seen = limits.toState(now);
        switch (verdict) {
            case Verdict.Serve serve -> {
                attempts.add(new Attempt(account.id(), account.name(), status, "served"));
                services.updates().served(account, now, seen, serve.success());
                relay(upstreamResponse, account, errorBody);
                return true;
            }
            case Verdict.RateLimited limited -> bench(account, status, now, seen, limited.until(), Refusal.RATE_LIMITED, null);
            case Verdict.Overloaded overloaded -> bench(account, status, now, seen, overloaded.until(), "overloaded", null);
            case Verdict.AuthRejected rejected -> bench(account, status, now, seen, rejected.until(), "auth", rejected.failure());
            case Verdict.ServerFailure failure -> attempts.add(new Attempt(account.id(), account.name(), status, "server_error"));
        }
        LOG.debug("Account {} answered {}; failing over", account.name(), status);
        return false;
    }

    private void bench(Account account, int status, long now, RateLimitState seen, long until, String reason, String failure) {
        attempts.add(new Attempt(account.id(), account.name(), status, reason));
        learnt.put(account.id(), new Refusal.Lockout(until, reason));
        services.updates().lockout(account.id(), now, seen, until, reason, failure);
    }

    private Auth auth(Account account) {
        Account.Credentials credentials = account.credentials();
        if (credentials.usesOAuth()) {
            return new Auth.Bearer(services.tokens().bearerToken(account));
        }
        String key = present(credentials.apiKey()) ? credentials.apiKey() : credentials.accessToken();
        if (!present(key)) {
            throw new TokenUnavailableException("Account '" + account.name() + "' has no API key");
        }
        return new Auth.ApiKey(key);
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /** Sends to the upstream; null (with the attempt recorded) on a connection failure or a client that left. */
    private UpstreamResponse call(URI target, Auth auth, Account account) {
        UpstreamRequest upstreamRequest = new UpstreamRequest(request.method(), target,
                HeaderPolicy.toUpstream(request.headers(), auth), request.body());
        try {
            return services.upstream().send(upstreamRequest, link);
        } catch (UpstreamClient.Failure e) {
            if (link.gone()) {
                return null;
            }
            LOG.debug("Upstream {} failed for account {}: {}", target.getHost(), account == null ? "-" : account.name(),
                    e.getMessage());
            if (account != null) {
                attempts.add(new Attempt(account.id(), account.name(), 0, e.timedOut() ? "timeout" : "connection_failed"));
            }
            return null;
        } finally {
            link.clear();
        }
    }

    /** Reads a (small) error body for classification and releases the connection. */
    private static byte[] readSmall(InputStream upstreamBody) {
        try (upstreamBody) {
            return upstreamBody.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return ClientRequest.EMPTY;
        }
    }

    /** Copies the upstream response to the client, writing and flushing every chunk as it arrives. */
    private void relay(UpstreamResponse upstreamResponse, Account account, byte[] alreadyRead) {
        int status = upstreamResponse.status();
        clientResponse.setStatus(status);
        boolean streaming = false;
        for (Map.Entry<String, List<String>> header : upstreamResponse.headers().entrySet()) {
            String name = header.getKey();
            if (!HeaderPolicy.toClient(name)) {
                continue;
            }
            boolean first = true;
            for (String value : header.getValue()) {
                if (first) {
                    clientResponse.setHeader(name, value);
                    first = false;
                } else {
                    clientResponse.addHeader(name, value);
                }
            }
            if (name.equals("content-type") && !header.getValue().isEmpty()
                    && header.getValue().getFirst().contains("text/event-stream")) {
                streaming = true;
            }
        }
        exchange.responseStarted(new ExchangeObserver.ResponseStart(account == null ? null : account.id(),
                account == null ? null : account.name(), status, upstreamResponse.headers(), streaming,
                List.copyOf(attempts)));
        if (alreadyRead != null) {
            copyBytes(alreadyRead);
            return;
        }
        // A body of unknown length (SSE) shows the client the head at once; a sized one goes out with its first bytes.
        copyStream(upstreamResponse.body(), upstreamResponse.header("content-length") == null);
    }

    private void copyStream(UpstreamBody upstreamBody, boolean headFirst) {
        link.whenGone(upstreamBody::abort);
        byte[] buffer = new byte[COPY_BUFFER];
        String error = null;
        boolean clientGone = false;
        try (upstreamBody) {
            OutputStream out = clientResponse.getOutputStream();
            if (headFirst) {
                out.flush();
            }
            while (true) {
                int read;
                try {
                    read = upstreamBody.read(buffer);
                } catch (IOException e) {
                    clientGone = link.gone();
                    if (!clientGone) {
                        error = "upstream closed mid-response";
                        link.abort(e);
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
        exchange.finished(new ExchangeObserver.Finish(services.clock().millis(), clientGone,
                clientGone ? "client disconnected" : error));
    }

    private void copyBytes(byte[] body) {
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
        exchange.finished(new ExchangeObserver.Finish(services.clock().millis(), clientGone,
                clientGone ? "client disconnected" : null));
    }

    private void refuse(Refusal refusal) {
        refuse(refusal.status(), refusal.type(), refusal.message(), refusal.retryAfterSeconds());
    }

    private void refuseIfOpen(int status, String type, String message, long retryAfterSeconds) {
        if (clientResponse.isCommitted()) {
            link.abort(new IllegalStateException(message));
            exchange.finished(new ExchangeObserver.Finish(services.clock().millis(), false, message));
            return;
        }
        clientResponse.reset();
        refuse(status, type, message, retryAfterSeconds);
    }

    /** Answers with our own Anthropic-shaped error (and {@code retry-after} when positive). */
    private void refuse(int status, String type, String message, long retryAfterSeconds) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(ErrorMapper.anthropicError(type, message));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write an error body", e);
        }
        clientResponse.setStatus(status);
        clientResponse.setContentType("application/json");
        Map<String, List<String>> headers = new HashMap<>(2);
        headers.put("content-type", List.of("application/json"));
        if (retryAfterSeconds > 0) {
            clientResponse.setHeader("retry-after", Long.toString(retryAfterSeconds));
            headers.put("retry-after", List.of(Long.toString(retryAfterSeconds)));
        }
        exchange.responseStarted(new ExchangeObserver.ResponseStart(null, null, status, headers, false, List.copyOf(attempts)));
        copyBytes(json);
    }

    private void clientLeft() {
        exchange.responseStarted(new ExchangeObserver.ResponseStart(null, null, CLIENT_CLOSED, Map.of(), false,
                List.copyOf(attempts)));
        exchange.finished(new ExchangeObserver.Finish(services.clock().millis(), true, "client disconnected"));
    }
}
