package io.betterccflare.api;

import io.betterccflare.accounts.AccountService;
import io.betterccflare.routing.SessionAffinity;
import io.betterccflare.server.ApiException;
import io.betterccflare.server.RouteGroup;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/**
 * {@code GET /api/sessions/{id}/account}: which account serves a client session (the
 * {@code X-Claude-Code-Session-Id} or {@code metadata.user_id} the proxy keys sessions on), for status lines
 * (lessons-2026 §4). Answers {@code {"sessionId", "accountId", "accountName"}}, or 404 with
 * {@code {"error": ...}} when this process has not served the session recently. Thread-safe.
 */
public final class SessionRoutes implements RouteGroup {
    private final SessionAffinity sessions;
    private final AccountService accounts;
    private final Clock clock;

    public SessionRoutes(SessionAffinity sessions, AccountService accounts, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/sessions/{id}/account", ctx -> {
            String sessionId = ctx.pathParam("id");
            String accountId = sessions.accountOf(sessionId, clock.millis());
            if (accountId == null) {
                throw ApiException.notFound("No account serves session '" + sessionId + "'");
            }
            ctx.json(ApiBodies.of("sessionId", sessionId, "accountId", accountId,
                    "accountName", accounts.find(accountId).name()));
        });
    }
}
