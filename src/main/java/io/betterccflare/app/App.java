package io.betterccflare.app;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.autorefresh.AutoRefreshScheduler;
import io.betterccflare.config.Config;
import io.betterccflare.oauth.OAuthClient;
import io.betterccflare.oauth.OAuthLogin;
import io.betterccflare.oauth.OAuthRoutes;
import io.betterccflare.oauth.OAuthSessions;
import io.betterccflare.oauth.RefreshingAccessTokens;
import io.betterccflare.server.HealthRoutes;
import io.betterccflare.server.HttpServer;
import io.betterccflare.store.Database;
import io.betterccflare.usage.UsagePoller;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The composition root. {@link #open} builds the storage and services every command needs; {@link #serve}
 * adds the HTTP server and background jobs. {@link #close} stops everything in reverse order.
 * Not thread-safe: one thread opens and closes it.
 */
public final class App implements AutoCloseable {
    private final Config config;
    private final Clock clock;
    private final Database database;
    private final AccountStore accountStore;
    private final AccountService accounts;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient upstreamHttp;
    private final OAuthSessions oauthSessions;
    private final OAuthLogin oauthLogin;
    private final RefreshingAccessTokens accessTokens;
    private HttpServer server;

    private App(Config config, Clock clock, Database database) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.accountStore = new AccountStore(database);
        this.accounts = new AccountService(accountStore, clock);
        this.upstreamHttp = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        OAuthClient oauthClient = new OAuthClient(upstreamHttp, config.upstreams(), config.clientId());
        this.oauthSessions = new OAuthSessions(database);
        this.oauthLogin = new OAuthLogin(oauthClient, oauthSessions, accountStore, clock);
        this.accessTokens = new RefreshingAccessTokens(accountStore, oauthClient, clock, new Random());
    }

    /** Opens the database (creating and migrating it) and builds the services. */
    public static App open(Config config, Clock clock) {
        return new App(config, clock, Database.open(config.storage()));
    }

    /** Starts the HTTP server and background jobs; returns once the port is bound. */
    public HttpServer serve() {
        server = new HttpServer(config.server(), List.of(
                new HealthRoutes(accountStore, config.routing().strategy(), clock),
                new OAuthRoutes(oauthLogin)));
        server.start();
        running.add(server);
        startSubscriptionJobs(server.port());
        return server;
    }

    /** OAuth session purge, background token refresh, usage polling and auto-refresh (issue 5). */
    private void startSubscriptionJobs(int port) {
        ScheduledExecutorService jobs = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("jobs-", 0).factory());
        running.add(jobs::shutdownNow);
        String host = config.server().host();
        URI proxyBase = URI.create("http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1"
                : host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        var usage = new UsagePoller(accountStore, accessTokens, upstreamHttp, config.upstreams().anthropic(),
                config.usage().pollIntervalMs(), clock, new Random());
        var autoRefresh = new AutoRefreshScheduler(accountStore, upstreamHttp, () -> proxyBase, clock);
        schedule(jobs, "OAuth session purge", () -> oauthSessions.purgeExpired(clock.millis()), 3_600_000);
        schedule(jobs, "token refresh", accessTokens::refreshExpiring, 60_000);
        schedule(jobs, "usage poll", usage::pollDue, UsagePoller.TICK_MS);
        schedule(jobs, "auto-refresh", autoRefresh::runOnce, AutoRefreshScheduler.CHECK_MS);
    }

    private static void schedule(ScheduledExecutorService jobs, String name, Runnable job, long periodMs) {
        jobs.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(App.class).warn("Background job '{}' failed: {}", name, e.toString());
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    public Config config() {
        return config;
    }

    public AccountService accounts() {
        return accounts;
    }

    /** Bearer tokens for OAuth accounts, refreshed as needed; hand this to the proxy. */
    public AccessTokens accessTokens() {
        return accessTokens;
    }

    /** The code-paste OAuth login (CLI and API). */
    public OAuthLogin oauthLogin() {
        return oauthLogin;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("Error while stopping: " + e.getMessage());
            }
        }
        running.clear();
        upstreamHttp.shutdownNow();
        database.close();
    }
}
