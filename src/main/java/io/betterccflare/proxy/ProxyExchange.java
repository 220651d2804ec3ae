package io.betterccflare.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.betterccflare.accounts.AccessTokens.TokenUnavailableException;
import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.ControlCharacters;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.agents.ModelPolicy;
import io.betterccflare.logging.Logging;
import io.betterccflare.proxy.ExchangeObserver.Attempt;
import io.betterccflare.proxy.ExchangeObserver.Exchange;
import io.betterccflare.proxy.HeaderPolicy.Auth;
import io.betterccflare.ratelimit.HeaderLookup;
import io.betterccflare.ratelimit.ModelFamily;
import io.betterccflare.ratelimit.RateLimitHeaders;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.ratelimit.RetryPolicy;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.ratelimit.Verdict;
import io.betterccflare.routing.CircuitBreaker;
import io.betterccflare.routing.Refusal;
import io.betterccflare.routing.RequestFacts;
import io.betterccflare.routing.Route;
import io.betterccflare.server.Json;
import io.betterccflare.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
    /** The attempt outcome of an account whose upstream is this proxy again ({@link HopMarker}). */
    private static final String LOOP = "loop";
    private static final String OVERLOADED = "overloaded";
    private static final long PAUSE_SLICE_MS = 50;

    private final ProxyServices services;
    private final HttpServletRequest clientRequest;
    private final ClientLink link;
    private final Relay relay;
    private final ProxyErrors errors;
    private final List<Attempt> attempts = new ArrayList<>(2);
    private final Map<String, Refusal.Lockout> learnt = new HashMap<>(4);
    /** Accounts that answered this request with a transient failure: they keep their client sessions. */
    private final Set<String> transientFailures = new HashSet<>(2);
    private ClientRequest request;
    private RequestFacts facts = new RequestFacts(null, null);
    private ModelPolicy.Plan plan;
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
            errors.refuse(exchange, attempts, 413, "request_too_large", "Request body is larger than the " + megabytes + " MB limit", 0);
            return;
        } catch (IOException e) {
            begin(new ClientRequest(method, path, query, headers, ClientRequest.EMPTY), startedAt, caller);
            if (ClientRequest.badFraming(e)) {
                errors.refuse(exchange, attempts, 400, "invalid_request_error", "Malformed request body framing", 0);
            } else {
                errors.clientLeft(exchange, attempts);
            }
            return;
        }
        begin(new ClientRequest(method, path, query, headers, body), startedAt, caller);
        ClientAccess.Admission admission;
        try {
            admission = services.access().admit(caller, body, request.firstHeader(HeaderPolicy.FORCED_ACCOUNT) != null);
        } catch (StoreException e) {
            LOG.warn("Key limits unavailable on {} {}: {}", method, path, e.getMessage());
            errors.refuse(exchange, attempts, 503, "api_error", "The database is unavailable; please retry", 5);
            return;
        }
        switch (admission) {
            case ClientAccess.Admission.Denied denied -> errors.refuse(exchange, attempts, denied.status(), denied.type(),
                    denied.message(), denied.retryAfterSeconds());
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
            plan = services.models().plan(method, path, request.headers(), request.body());
            exchange.modelChosen(new ExchangeObserver.ModelChoice(plan.agentUsed(), plan.originalModel(), null));
            route();
        } catch (StoreException e) {
            LOG.warn("Account store unavailable on {} {}: {}", method, path, e.getMessage());
            errors.refuseIfOpen(exchange, attempts, 503, "api_error", "The database is unavailable; please retry", 5);
        } catch (RuntimeException e) {
            LOG.error("Proxy failure on {} {}", method, path, e);
            errors.refuseIfOpen(exchange, attempts, 500, "api_error", "Internal proxy error", 0);
        }
    }

    private void begin(ClientRequest read, long startedAt, ClientAccess.Caller caller) {
        this.request = read;
        String id = UUID.randomUUID().toString();
        // Every line logged for this request from here on carries its id (ProxyRoutes removes it).
        MDC.put(Logging.REQUEST_ID, id);
        this.exchange = services.observer().begin(new ExchangeObserver.ExchangeStart(id,
                startedAt, read.method(), read.path(), read.query(), HeaderPolicy.forRecord(read.headers()), read.body(),
                caller.keyId(), caller.keyName()));
    }

    private void route() {
        long now = services.clock().millis();
        facts = RequestFacts.of(request.headers(), request.body(), services.router().sessionAware());
        String forced = request.firstHeader(HeaderPolicy.FORCED_ACCOUNT);
        if (forced != null) {
            pin(services.pool().accounts(now), forced.trim(), now);
            return;
        }
        long holdUntil = now + services.holdMaxMs();
        while (true) {
            List<Account> accounts = services.pool().accounts(now);
            Refusal refusal = switch (services.router().route(accounts, facts.sessionKey(), blocked(accounts, now), now)) {
                case Route.NoAccounts ignored -> {
                    passThrough();
                    yield null;
                }
                case Route.Unavailable unavailable -> unavailable.refusal();
                case Route.Candidates candidates -> failover(candidates.accounts(), accounts);
            };
            if (refusal == null) {
                return;
            }
            if (!held(refusal, holdUntil)) {
                if (link.gone()) {
                    errors.clientLeft(exchange, attempts);
                } else {
                    errors.refuse(exchange, attempts, refusal);
                }
                return;
            }
            now = services.clock().millis();
        }
    }

    /**
     * The optional hold ({@code BETTER_CCFLARE_HOLD_MAX_S}): a request about to get a 429 waits for the
     * earliest reset when it comes before {@code holdUntil}; true when it waited and should be routed again.
     */
    private boolean held(Refusal refusal, long holdUntil) {
        long now = services.clock().millis();
        long resetAt = now + refusal.retryAfterSeconds() * 1000;
        if (refusal.status() != 429 || services.holdMaxMs() <= 0 || resetAt > holdUntil || link.gone()) {
            return false;
        }
        return pause(resetAt - now);
    }

    /** Waits {@code ms} of real time, in short slices so that a client that leaves ends it; false when it left. */
    private boolean pause(long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (!link.probeGone()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(left, PAUSE_SLICE_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * The model family this request reaches {@code account} as: an agent's preference or the account's model
     * mappings may send another model than the client asked for (issue 14), and a family lockout is about
     * the model the upstream sees.
     */
    private String familyFor(Account account) {
        String sent = plan.modelFor(account.id());
        return sent == null ? facts.family() : ModelFamily.of(sent);
    }

    /** Accounts this request must not use: its model family is locked out there, or their breaker is open. */
    private Map<String, Refusal.Lockout> blocked(List<Account> accounts, long now) {
        Map<String, Refusal.Lockout> blocked = new HashMap<>(4);
        for (Account account : accounts) {
            ScopedLockouts.Lockout scoped = services.lockouts().active(account.id(), familyFor(account), now);
            if (scoped != null) {
                blocked.put(account.id(), new Refusal.Lockout(scoped.until(), scoped.reason()));
            } else if (services.breaker().state(account.id(), now) == CircuitBreaker.State.OPEN) {
                blocked.put(account.id(), new Refusal.Lockout(services.breaker().openUntil(account.id()), OVERLOADED));
            }
        }
        return blocked;
    }

    /**
     * A request pinned with {@code x-better-ccflare-account-id} (decision 7): refused when the account is
     * unknown (400), paused or waiting for re-authentication (400), or locked out for this request (429 for a
     * rate limit, 503 otherwise), except for this process's own auto-refresh probes, which must reach it.
     */
    private void pin(List<Account> accounts, String idOrName, long now) {
        Account pinned = find(accounts, idOrName);
        if (pinned == null) {
            errors.refuse(exchange, attempts, 400, "invalid_request_error",
                    "Unknown account '" + idOrName + "' in " + HeaderPolicy.FORCED_ACCOUNT, 0);
            return;
        }
        boolean probe = services.probeToken().equals(request.firstHeader(HeaderPolicy.AUTO_REFRESH));
        if (!probe && (pinned.paused() || pinned.requiresReauth())) {
            errors.refuse(exchange, attempts, 400, "invalid_request_error", "Account '" + pinned.name() + "' in "
                    + HeaderPolicy.FORCED_ACCOUNT + (pinned.paused() ? " is paused" : " needs re-authentication"), 0);
            return;
        }
        Map<String, Refusal.Lockout> blocked = blocked(List.of(pinned), now);
        if (!probe && (pinned.rateLimit().limitedAt(now) || !blocked.isEmpty())) {
            errors.refuse(exchange, attempts, Refusal.of(List.of(pinned), blocked, 0, now));
            return;
        }
        Refusal refusal = failover(List.of(pinned), List.of(pinned));
        if (refusal != null) {
            errors.refuse(exchange, attempts, refusal);
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

    /**
     * Tries the candidates in order. Null when the client got its answer (a response, an upstream failure passed
     * on, or nothing because it left); else the refusal to send (or to hold for).
     */
    private Refusal failover(List<Account> candidates, List<Account> considered) {
        for (Account account : candidates) {
            if (link.gone()) {
                errors.clientLeft(exchange, attempts);
                return null;
            }
            if (tryAccount(account)) {
                return null;
            }
        }
        if (link.gone()) {
            errors.clientLeft(exchange, attempts);
            return null;
        }
        Attempt last = attempts.isEmpty() ? null : attempts.getLast();
        if (last != null && attempts.stream().allMatch(attempt -> attempt.outcome().equals(LOOP))) {
            errors.refuse(exchange, attempts, HopMarker.STATUS, "api_error", "Request loop: every account tried sends "
                    + "requests back to this proxy (its endpoint points at the proxy itself)", 0);
            return null;
        }
        if (lastOverload != null && attempts.stream().allMatch(attempt -> attempt.outcome().equals(OVERLOADED))) {
            errors.upstreamError(exchange, attempts, 529, lastOverload);
            return null;
        }
        if (last != null && (last.outcome().equals("bad_response") || last.outcome().equals("timeout"))) {
            answerFailure();
            return null;
        }
        return Refusal.of(considered, learnt, attempts.size(), services.clock().millis());
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

    /**
     * One account, with its circuit breaker and in-place retries; true when the response went to the client
     * (whatever happened while relaying). False otherwise, also when the client left (the caller answers that).
     */
    private boolean tryAccount(Account account) {
        if (storedWithControlCharacters(account)) {
            // Stored before the entry checks existed: it cannot go into a request, the others still can (issue 10).
            LOG.warn("Account {} skipped: its stored key, token or endpoint contains control characters; set it again",
                    account.id());
            attempts.add(new Attempt(account.id(), account.name(), 0, "invalid_account"));
            return false;
        }
        CircuitBreaker breaker = services.breaker();
        if (!breaker.tryAcquire(account.id(), services.clock().millis())) {
            learnt.put(account.id(), new Refusal.Lockout(Math.max(breaker.openUntil(account.id()),
                    services.clock().millis() + 1_000), OVERLOADED));
            return false;
        }
        services.router().inFlight().enter(account.id());
        try {
            Outcome outcome = attempt(account);
            switch (outcome) {
                case SERVED, ANSWERED -> breaker.success(account.id());
                case FAILED -> breaker.failure(account.id(), services.clock().millis());
                case CLIENT_LEFT -> breaker.release(account.id());
            }
            return outcome == Outcome.SERVED;
        } finally {
            services.router().inFlight().exit(account.id());
        }
    }

    /** How one account's turn ended, for its circuit breaker. */
    private enum Outcome { SERVED, ANSWERED, FAILED, CLIENT_LEFT }

    private Outcome attempt(Account account) {
        Auth auth;
        URI target;
        try {
            auth = auth(account);
            target = services.targets().forAccount(account, request.path(), request.query());
        } catch (TokenUnavailableException e) {
            LOG.debug("No token for account {}: {}", account.name(), e.getMessage());
            attempts.add(new Attempt(account.id(), account.name(), 0, "token_unavailable"));
            return Outcome.ANSWERED;
        }
        for (int retries = 0; ; retries++) {
            UpstreamResponse upstreamResponse = call(target, auth, account);
            if (upstreamResponse == null) {
                return transientFailure(account);
            }
            if (HopMarker.isLoopAnswer(upstreamResponse)) {
                upstreamResponse.close();
                LOG.warn("Account {} sends requests back to this proxy (its endpoint points here); skipped", account.name());
                attempts.add(new Attempt(account.id(), account.name(), HopMarker.STATUS, LOOP));
                return Outcome.ANSWERED;
            }
            long now = services.clock().millis();
            int status = upstreamResponse.status();
            RateLimitHeaders limits = RateLimitHeaders.parse(HeaderLookup.ofLists(upstreamResponse.headers()), now);
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
                    return Outcome.CLIENT_LEFT;
                }
                LOG.debug("Account {}: the upstream broke before its first event: {}", account.name(), e.getMessage());
                attempts.add(new Attempt(account.id(), account.name(), 0, upstreamResponse.idleTimedOut() ? "timeout" : "connection_failed"));
                return transientFailure(account);
            }
            Verdict verdict = services.classifier().classify(account.provider(), status, limits, familyFor(account),
                    errorBody == null ? ClientRequest.EMPTY : errorBody, now);
            RateLimitState seen = limits.toState(now);
            if (verdict instanceof Verdict.Serve serve) {
                attempts.add(new Attempt(account.id(), account.name(), status, "served"));
                served(account, now, seen, serve.success());
                relay.relay(exchange, body, account.id(), account.name(), attempts);
                return Outcome.SERVED;
            }
            upstreamResponse.abort(new IllegalStateException("failing over"));
            link.clear();
            if (verdict instanceof Verdict.Overloaded || verdict instanceof Verdict.ServerFailure) {
                long delay = services.retry().delayBefore(retries, upstreamResponse.header("x-should-retry"),
                        upstreamResponse.header("retry-after-ms"), upstreamResponse.header("retry-after"));
                if (delay != RetryPolicy.NO_RETRY) {
                    attempts.add(new Attempt(account.id(), account.name(), status,
                            verdict instanceof Verdict.Overloaded ? OVERLOADED : "server_error"));
                    if (!pause(delay)) {
                        return Outcome.CLIENT_LEFT;
                    }
                    continue;
                }
            }
            LOG.debug("Account {} answered {}; failing over", account.name(), status);
            switch (verdict) {
                case Verdict.Serve ignored -> throw new IllegalStateException("served above");
                case Verdict.RateLimited limited -> rateLimited(account, status, now, seen, limited);
                case Verdict.RequestLimited limited -> {
                    attempts.add(new Attempt(account.id(), account.name(), status, "request_limited"));
                    learnt.put(account.id(), new Refusal.Lockout(limited.retryAt(), Refusal.RATE_LIMITED));
                    transientFailures.add(account.id());
                }
                case Verdict.Overloaded overloaded -> {
                    lastOverload = errorBody;
                    bench(account, status, now, seen, overloaded.until(), OVERLOADED, null);
                    return transientFailure(account);
                }
                case Verdict.AuthRejected rejected -> bench(account, status, now, seen, rejected.until(), "auth", rejected.failure());
                case Verdict.ServerFailure failure -> {
                    attempts.add(new Attempt(account.id(), account.name(), status, "server_error"));
                    return transientFailure(account);
                }
            }
            return Outcome.ANSWERED;
        }
    }

    /** The account failed transiently (no answer, 529, 5xx): it keeps its client sessions; its breaker counts it. */
    private Outcome transientFailure(Account account) {
        if (link.gone()) {
            return Outcome.CLIENT_LEFT;
        }
        transientFailures.add(account.id());
        return Outcome.FAILED;
    }

    /**
     * Books a served response: counters and session (not for a probe that bypasses the session), the client
     * session's account, and the end of a lockout of the requested family that the upstream just disproved.
     */
    private void served(Account account, long now, RateLimitState seen, boolean success) {
        boolean bypass = request.firstHeader(HeaderPolicy.BYPASS_SESSION) != null;
        services.updates().served(account, now, seen, success, bypass);
        String family = familyFor(account);
        if (success && services.lockouts().active(account.id(), family, now) != null) {
            services.lockouts().clear(account.id(), family);
        }
        if (facts.sessionKey() != null && !bypass) {
            services.router().affinity().served(facts.sessionKey(), account.id(), now, transientFailures);
        }
    }

    /**
     * A rate limit with window information: the whole account is benched (and the window that caused it
     * stored with the lockout), or only the requested model family is kept off the account.
     */
    private void rateLimited(Account account, int status, long now, RateLimitState seen, Verdict.RateLimited limited) {
        String scope = limited.family() == null ? ScopedLockouts.ACCOUNT : limited.family();
        try {
            services.lockouts().lock(new ScopedLockouts.Lockout(account.id(), scope, limited.until(), Refusal.RATE_LIMITED,
                    limited.window()), now);
        } catch (StoreException e) {
            LOG.warn("Could not store the {} lockout of account {}: {}", scope, account.name(), e.getMessage());
        }
        if (limited.family() == null) {
            bench(account, status, now, seen, limited.until(), Refusal.RATE_LIMITED, null);
        } else {
            attempts.add(new Attempt(account.id(), account.name(), status, "rate_limited:" + limited.family()));
            learnt.put(account.id(), new Refusal.Lockout(limited.until(), Refusal.RATE_LIMITED));
        }
    }

    private void bench(Account account, int status, long now, RateLimitState seen, long until, String reason, String failure) {
        attempts.add(new Attempt(account.id(), account.name(), status, reason));
        learnt.put(account.id(), new Refusal.Lockout(until, reason));
        services.updates().lockout(account.id(), now, seen, until, reason, failure);
    }

    private static boolean storedWithControlCharacters(Account account) {
        Account.Credentials credentials = account.credentials();
        return ControlCharacters.in(credentials.apiKey()) || ControlCharacters.in(credentials.accessToken())
                || ControlCharacters.in(credentials.refreshToken()) || ControlCharacters.in(account.customEndpoint());
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
        ModelPolicy.Sent sent = plan.forAccount(account == null ? null : account.id());
        exchange.modelChosen(new ExchangeObserver.ModelChoice(plan.agentUsed(), plan.originalModel(), sent.model()));
        UpstreamRequest upstreamRequest = new UpstreamRequest(request.method(), target,
                HeaderPolicy.toUpstream(request.headers(), auth), sent.body(),
                account == null ? null : services.pool().proxyOf(account.id()));
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
