package io.betterccflare.proxy;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.betterccflare.server.Json;
import io.betterccflare.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * serves (decision 5: failover only before the first byte reaches the client), and hand the response to
 * the {@link Relay}; the proxy's own answers come from {@link ProxyErrors}. A {@code 200} event stream is
 * held until its first event: an {@code event: error} there counts as the status it stands for (issue 10).
 * Everything is reported to the {@link ExchangeObserver}. Used by one thread, once.
 */
final class ProxyExchange {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);
    private static final int MAX_ERROR_BODY = 262_144;
    private static final long MAX_DISCARD = 64L << 20;

    private final ProxyServices services;
    private final HttpServletRequest clientRequest;
    private final ClientLink link;
    private final Relay relay;
    private final ProxyErrors errors;
    private final List<Attempt> attempts = new ArrayList<>(2);
    private final Map<String, Refusal.Lockout> learnt = new HashMap<>(4);
    private ClientRequest request;
    private Exchange exchange = Exchange.NONE;
    /** The last overloaded answer's error envelope, passed on when every account tried was overloaded. */
    private byte[] lastOverload;

    ProxyExchange(ProxyServices services, HttpServletRequest clientRequest, HttpServletResponse clientResponse) {
        this.services = services;
        this.clientRequest = clientRequest;
        this.link = new ClientLink(clientRequest);
        this.relay = new Relay(clientResponse, link, services.clock(), services.config().server().streamIdleTimeoutMs());
        this.errors = new ProxyErrors(clientResponse, link, relay);
    }

    void run() {
        long startedAt = services.clock().millis();
        String method = clientRequest.getMethod();
        String path = clientRequest.getRequestURI();
        String query = clientRequest.getQueryString();
        Map<String, List<String>> headers = ClientRequest.headersOf(clientRequest);
        byte[] body;
        try {
            body = ClientRequest.readBody(clientRequest, services.config().server().maxRequestBodyBytes());
        } catch (ClientRequest.TooLarge e) {
            ClientRequest.discardRest(clientRequest, MAX_DISCARD);
            begin(new ClientRequest(method, path, query, headers, ClientRequest.EMPTY), startedAt);
            long megabytes = services.config().server().maxRequestBodyBytes() / (1024 * 1024);
            errors.refuse(exchange, attempts, 413, "request_too_large", "Request body is larger than the " + megabytes + " MB limit", 0);
            return;
        } catch (IOException e) {
            begin(new ClientRequest(method, path, query, headers, ClientRequest.EMPTY), startedAt);
            if (ClientRequest.badFraming(e)) {
                errors.refuse(exchange, attempts, 400, "invalid_request_error", "Malformed request body framing", 0);
            } else {
                errors.clientLeft(exchange, attempts);
            }
            return;
        }
        begin(new ClientRequest(method, path, query, headers, body), startedAt);
        try {
            route();
        } catch (StoreException e) {
            LOG.warn("Account store unavailable on {} {}: {}", method, path, e.getMessage());
            errors.refuseIfOpen(exchange, attempts, 503, "api_error", "The database is unavailable; please retry", 5);
        } catch (RuntimeException e) {
            LOG.error("Proxy failure on {} {}", method, path, e);
            errors.refuseIfOpen(exchange, attempts, 500, "api_error", "Internal proxy error", 0);
        }
    }

    private void begin(ClientRequest read, long startedAt) {
        this.request = read;
        this.exchange = services.observer().begin(new ExchangeObserver.ExchangeStart(UUID.randomUUID().toString(),
                startedAt, read.method(), read.path(), read.query(), HeaderPolicy.forRecord(read.headers()), read.body()));
    }

    private void route() {
        long now = services.clock().millis();
        List<Account> accounts = services.pool().accounts(now);
        String forced = request.firstHeader(HeaderPolicy.FORCED_ACCOUNT);
        if (forced != null) {
            Account pinned = find(accounts, forced.trim());
            if (pinned == null) {
                errors.refuse(exchange, attempts, 400, "invalid_request_error",
                        "Unknown account '" + forced.trim() + "' in " + HeaderPolicy.FORCED_ACCOUNT, 0);
                return;
            }
            failover(List.of(pinned), List.of(pinned));
            return;
        }
        switch (services.strategy().route(accounts, now)) {
            case Route.NoAccounts ignored -> passThrough();
            case Route.Unavailable unavailable -> errors.refuse(exchange, attempts, unavailable.refusal());
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
            errors.refuse(exchange, attempts, 503, "api_error",
                    "No accounts are configured and pass-through is disabled (BETTER_CCFLARE_PASSTHROUGH=false)", 5);
            return;
        }
        URI target = services.targets().passThrough(request.path(), request.query());
        UpstreamResponse upstreamResponse = call(target, new Auth.ClientOwn(), null);
        if (upstreamResponse != null) {
            attempts.add(new Attempt(null, null, upstreamResponse.status(), "passthrough"));
            try {
                relay.relay(exchange, DecodedBody.of(upstreamResponse), null, null, attempts);
            } catch (IOException e) {
                upstreamResponse.abort(e);
                errors.refuse(exchange, attempts, 502, "api_error", "The upstream sent an unreadable body", 0);
            }
        } else if (link.gone()) {
            errors.clientLeft(exchange, attempts);
        } else {
            answerFailure();
        }
    }

    private void failover(List<Account> candidates, List<Account> considered) {
        for (Account account : candidates) {
            if (link.gone()) {
                errors.clientLeft(exchange, attempts);
                return;
            }
            if (tryAccount(account)) {
                return;
            }
        }
        if (link.gone()) {
            errors.clientLeft(exchange, attempts);
            return;
        }
        Attempt last = attempts.isEmpty() ? null : attempts.getLast();
        if (lastOverload != null && attempts.stream().allMatch(attempt -> attempt.outcome().equals("overloaded"))) {
            errors.upstreamError(exchange, attempts, 529, lastOverload);
        } else if (last != null && (last.outcome().equals("bad_response") || last.outcome().equals("timeout"))) {
            answerFailure();
        } else {
            errors.refuse(exchange, attempts, Refusal.of(considered, learnt, attempts.size(), services.clock().millis()));
        }
    }

    /** The answer when the last upstream failed at the HTTP level: 502 for a malformed answer, 504 for none in time. */
    private void answerFailure() {
        Attempt last = attempts.isEmpty() ? null : attempts.getLast();
        String outcome = last == null ? "" : last.outcome();
        switch (outcome) {
            case "bad_response" -> errors.refuse(exchange, attempts, 502, "api_error", "The upstream sent a malformed response", 0);
            case "timeout" -> errors.refuse(exchange, attempts, 504, "timeout_error", "The upstream did not answer in time", 0);
            default -> errors.refuse(exchange, attempts, 503, "api_error", "The upstream could not be reached", 5);
        }
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
        // Reading an error body or a stream's first event can wait; a client leaving meanwhile ends it.
        link.whenGone(() -> upstreamResponse.abort(new UpstreamHttp.ClientGone()));
        DecodedBody body;
        byte[] errorBody = null;
        try {
            body = DecodedBody.of(upstreamResponse);
            if (ResponseClassifier.needsBody(status)) {
                errorBody = body.readAll(MAX_ERROR_BODY);
            } else if (status == 200 && body.eventStream()) {
                JsonNode envelope = body.firstEventError();
                if (envelope != null) {
                    status = DecodedBody.statusOf(envelope.path("error").path("type").asText(""));
                    errorBody = Json.MAPPER.writeValueAsBytes(envelope);
                }
            }
        } catch (IOException e) {
            upstreamResponse.abort(e);
            link.clear();
            if (link.gone()) {
                return false;
            }
            LOG.debug("Account {}: the upstream broke before its first event: {}", account.name(), e.getMessage());
            attempts.add(new Attempt(account.id(), account.name(), 0, upstreamResponse.idleTimedOut() ? "timeout" : "connection_failed"));
            return false;
        }
        Verdict verdict = services.classifier().classify(account.provider(), status, limits,
                errorBody == null ? ClientRequest.EMPTY : errorBody, now);
        RateLimitState seen = limits.toState(now);
        switch (verdict) {
            case Verdict.Serve serve -> {
                attempts.add(new Attempt(account.id(), account.name(), status, "served"));
                services.updates().served(account, now, seen, serve.success());
                relay.relay(exchange, body, account.id(), account.name(), attempts);
                return true;
            }
            case Verdict.RateLimited limited -> bench(account, status, now, seen, limited.until(), Refusal.RATE_LIMITED, null);
            case Verdict.Overloaded overloaded -> {
                lastOverload = errorBody;
                bench(account, status, now, seen, overloaded.until(), "overloaded", null);
            }
            case Verdict.AuthRejected rejected -> bench(account, status, now, seen, rejected.until(), "auth", rejected.failure());
            case Verdict.ServerFailure failure -> attempts.add(new Attempt(account.id(), account.name(), status, "server_error"));
        }
        upstreamResponse.abort(new IllegalStateException("failing over"));
        link.clear();
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
            return services.upstream().send(upstreamRequest, link, request.wantsStream());
        } catch (UpstreamHttp.Failure e) {
            if (link.gone() || e.kind() == UpstreamHttp.FailureKind.CLIENT_GONE) {
                return null;
            }
            String outcome = switch (e.kind()) {
                case TIMEOUT -> "timeout";
                case BAD_RESPONSE -> "bad_response";
                case CONNECTION, CLIENT_GONE -> "connection_failed";
            };
            String who = account == null ? "pass-through" : "account " + account.name();
            if (e.kind() == UpstreamHttp.FailureKind.BAD_RESPONSE) {
                LOG.warn("Upstream {} ({}) sent a malformed response: {}", target.getHost(), who, e.getMessage());
            } else {
                LOG.debug("Upstream {} failed for {}: {}", target.getHost(), who, e.getMessage());
            }
            attempts.add(account == null ? new Attempt(null, null, 0, outcome)
                    : new Attempt(account.id(), account.name(), 0, outcome));
            return null;
        }
    }
}
