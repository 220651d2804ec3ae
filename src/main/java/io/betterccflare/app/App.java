package io.betterccflare.app;

import io.betterccflare.access.AccessFilter;
import io.betterccflare.access.ApiKeyRoutes;
import io.betterccflare.access.ApiKeys;
import io.betterccflare.access.KeyAdmissions;
import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.agents.AgentPreferences;
import io.betterccflare.agents.AgentRegistry;
import io.betterccflare.agents.ModelMappings;
import io.betterccflare.agents.ModelPolicy;
import io.betterccflare.api.AgentRoutes;
import io.betterccflare.analytics.Analytics;
import io.betterccflare.analytics.AnalyticsRoutes;
import io.betterccflare.api.AccountRoutes;
import io.betterccflare.api.ConfigRoutes;
import io.betterccflare.api.LogRoutes;
import io.betterccflare.api.MaintenanceRoutes;
import io.betterccflare.api.SessionRoutes;
import io.betterccflare.autorefresh.AutoRefreshScheduler;
import io.betterccflare.cluster.InstanceRoutes;
import io.betterccflare.cluster.Instances;
import io.betterccflare.cluster.RequestRelay;
import io.betterccflare.config.Config;
import io.betterccflare.dashboard.DashboardAssets;
import io.betterccflare.dashboard.DashboardRoutes;
import io.betterccflare.config.ConfigFile;
import io.betterccflare.config.RuntimeSettings;
import io.betterccflare.logging.Logging;
import io.betterccflare.maintenance.DatabaseMaintenance;
import io.betterccflare.maintenance.DatabaseReport;
import io.betterccflare.maintenance.RequestRetention;
import io.betterccflare.maintenance.RetentionJob;
import io.betterccflare.maintenance.StorageReport;
import io.betterccflare.metrics.Health;
import io.betterccflare.metrics.Metrics;
import io.betterccflare.metrics.MetricsRoutes;
import io.betterccflare.metrics.RequestLogCounts;
import io.betterccflare.oauth.OAuthClient;
import io.betterccflare.oauth.OAuthLogin;
import io.betterccflare.oauth.OAuthRoutes;
import io.betterccflare.oauth.OAuthSessions;
import io.betterccflare.oauth.RefreshingAccessTokens;
import io.betterccflare.pricing.Pricing;
import io.betterccflare.ratelimit.ScopedLockouts;
import io.betterccflare.proxy.AccountUpdates;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.proxy.ProxyRoutes;
import io.betterccflare.proxy.UpstreamHttp;
import io.betterccflare.requests.RequestEvents;
import io.betterccflare.requests.RequestLogStore;
import io.betterccflare.requests.RequestRecorder;
import io.betterccflare.requests.RequestRoutes;
import io.betterccflare.server.EdgeRoutes;
import io.betterccflare.routing.InFlight;
import io.betterccflare.routing.Router;
import io.betterccflare.routing.SessionAffinity;
import io.betterccflare.routing.SessionStrategy;
import io.betterccflare.server.HealthRoutes;
import io.betterccflare.server.HttpServer;
import io.betterccflare.server.RouteGroup;
import io.betterccflare.store.Database;
import io.betterccflare.store.Leadership;
import io.betterccflare.tui.ServerInfo;
import io.betterccflare.tui.TerminalUi;
import io.betterccflare.usage.UsagePoller;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
    private final RuntimeSettings settings;
    private final RequestRetention retention;
    private final Pricing pricing;
    private final RequestLogStore requestLog;
    private final RequestEvents requestEvents;
    private final RequestRecorder requestRecorder;
    private final Analytics analytics;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient upstreamHttp;
    private final OAuthSessions oauthSessions;
    private final OAuthLogin oauthLogin;
    private final RefreshingAccessTokens accessTokens;
    private final AgentPreferences agentPreferences;
    private final ModelMappings modelMappings;
    private final ApiKeys apiKeys;
    private HttpServer server;
    private AccountUpdates accountUpdates;

    private App(Config config, Clock clock, Database database) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.accountStore = new AccountStore(database);
        this.accounts = new AccountService(accountStore, clock);
        this.settings = new RuntimeSettings(config, new ConfigFile(config.files().configFile()));
        this.retention = new RequestRetention(database, settings, clock);
        this.upstreamHttp = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        OAuthClient oauthClient = new OAuthClient(upstreamHttp, config.upstreams(), config.clientId());
        this.oauthSessions = new OAuthSessions(database);
        this.oauthLogin = new OAuthLogin(oauthClient, oauthSessions, accountStore, clock);
        this.accessTokens = new RefreshingAccessTokens(accountStore, database.locks(), oauthClient, clock, new Random());
        this.pricing = new Pricing(config.pricing(), config.pricing().sourceUrl(),
                priceCacheFile(), clock);
        this.requestLog = new RequestLogStore(database);
        this.requestEvents = new RequestEvents();
        this.requestRecorder = new RequestRecorder(config, database, requestLog, pricing, requestEvents, clock);
        this.analytics = new Analytics(database, clock);
        this.agentPreferences = new AgentPreferences(database, clock);
        this.modelMappings = new ModelMappings(database, clock);
        this.apiKeys = ApiKeys.open(database, clock);
    }

    /**
     * {@code <tmpdir>/better-ccflare/models.dev.json} as the reference, unless the system property
     * {@code better-ccflare.cache.dir} names another folder (tests keep it inside {@code target/}).
     */
    private static Path priceCacheFile() {
        String folder = System.getProperty("better-ccflare.cache.dir");
        Path dir = folder == null || folder.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "better-ccflare") : Path.of(folder);
        return dir.resolve("models.dev.json");
    }

    /** Applies the logging settings, opens the database (creating and migrating it) and builds the services. */
    public static App open(Config config, Clock clock) {
        Logging.configure(config.logging());
        return new App(config, clock, Database.open(config.storage()));
    }

    /** Starts the HTTP server and background jobs; returns once the port is bound. */
    public HttpServer serve() {
        ScheduledExecutorService jobs = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("jobs-", 0).factory());
        running.add(jobs::shutdownNow);
        // Several instances (issue 12): hear the others' changes, elect the background-job leader, heartbeat.
        database.changes().start();
        Leadership leadership = database.leadership().start(jobs);
        Instances instances = new Instances(database, Version.VALUE, clock).start(jobs);
        running.add(instances);
        running.add(new RequestRelay(database.changes(), requestEvents).start());
        running.add(new RetentionJob(retention, jobs, Duration.ofDays(1), leadership::leader).start());

        LogRoutes logRoutes = new LogRoutes(Logging.bus(), Duration.ofSeconds(15));
        UpstreamHttp upstream = new UpstreamHttp(config.upstreams().outbound(), config.server().streamIdleTimeoutMs());
        running.add(upstream);
        accountUpdates = new AccountUpdates(accountStore, config.routing().sessionDurationMs(), clock);
        running.add(accountUpdates);
        if (config.requestLog().enabled()) {
            requestRecorder.start(jobs);
        }
        List<RouteGroup> groups = new ArrayList<>();
        // Access control first: its before-handler guards every path, including routes added after it.
        groups.add(new AccessFilter(apiKeys, config.access(), config.server().host(), clock));
        groups.add(new ApiKeyRoutes(apiKeys));
        groups.add(new EdgeRoutes());
        boolean logging = config.requestLog().enabled();
        RequestLogCounts logCounts = logging ? new RequestLogCounts(() -> requestRecorder.health().rows().queued(),
                () -> requestRecorder.health().rows().lost(), () -> 0) : RequestLogCounts.NONE;
        Metrics metrics = new Metrics(accountStore, logCounts, pricing, clock);
        running.add(metrics);
        database.instrument(metrics.registry());
        groups.add(new HealthRoutes(new Health(database, accountStore, logCounts, metrics, clock), settings::strategy,
                clock, Version.VALUE, Version.REVISION, List.of(requestRecorder, accountUpdates)));
        groups.add(new MetricsRoutes(metrics, apiKeys.metricsAccess(), config.server().metricsToken()));
        groups.add(new OAuthRoutes(oauthLogin));
        // Rate-limit knowledge and routing state shared by the proxy and the API (issue 11).
        ScopedLockouts lockouts = new ScopedLockouts(database);
        Router router = new Router(new SessionStrategy(config.routing().sessionDurationMs()),
                new SessionAffinity(SessionAffinity.DEFAULT_MAX_SESSIONS, config.routing().sessionDurationMs()),
                new InFlight(), settings::strategy);
        String probeToken = UUID.randomUUID().toString();
        groups.add(new SessionRoutes(router.affinity(), accounts, clock));
        groups.add(new AccountRoutes(accounts, clock, config.routing().sessionDurationMs(), lockouts));
        groups.add(new ConfigRoutes(settings, () -> server.port(), config.routing().sessionDurationMs()));
        groups.add(new MaintenanceRoutes(retention, new DatabaseMaintenance(database), new StorageReport(database)));
        groups.add(logRoutes);
        groups.add(new AnalyticsRoutes(analytics, requestLog, accountStore));
        groups.add(new RequestRoutes(requestLog, requestEvents));
        groups.add(new InstanceRoutes(instances, clock));
        AgentRegistry agents = new AgentRegistry(config.agents().globalDir(),
                config.files().dataDir().resolve("workspaces.json"), clock).watch();
        running.add(agents);
        groups.add(new AgentRoutes(agents, agentPreferences, modelMappings, accounts, settings));
        groups.add(new DashboardRoutes(DashboardAssets.load(Version.VALUE)));
        groups.add(new ProxyRoutes(config, accountStore, accessTokens, upstream, accountUpdates,
                logging ? ExchangeObserver.both(requestRecorder, metrics.observer()) : metrics.observer(), clock, router,
                lockouts, probeToken, new ModelPolicy(agents, agentPreferences, modelMappings, config.agents().frontmatterModels()),
                new KeyAdmissions(apiKeys, clock)));
        server = new HttpServer(config.server(), groups);
        server.start();
        running.add(server);
        // Closed before the server, so open log streams end instead of holding the shutdown.
        running.add(logRoutes);
        running.add(requestEvents);
        startSubscriptionJobs(jobs, server.localUri(), probeToken, lockouts, leadership);
        schedule(jobs, leadership, "lockout purge", () -> lockouts.purgeExpired(clock.millis()), 3_600_000);
        return server;
    }

    /**
     * OAuth session purge, background token refresh, usage polling and auto-refresh (issue 5): once per
     * cluster, on the leader (issue 12 part 2).
     */
    private void startSubscriptionJobs(ScheduledExecutorService jobs, URI proxyBase, String probeToken, ScopedLockouts lockouts,
                                       Leadership leadership) {
        var usage = new UsagePoller(accountStore, accessTokens, upstreamHttp, config.upstreams().anthropic(),
                config.usage().pollIntervalMs(), clock, new Random(), lockout -> lockouts.lock(lockout, clock.millis()));
        var autoRefresh = new AutoRefreshScheduler(accountStore, upstreamHttp, () -> proxyBase, clock, probeToken,
                apiKeys.localAdminSecret());
        schedule(jobs, leadership, "OAuth session purge", () -> oauthSessions.purgeExpired(clock.millis()), 3_600_000);
        schedule(jobs, leadership, "token refresh", accessTokens::refreshExpiring, 60_000);
        schedule(jobs, leadership, "usage poll", usage::pollDue, UsagePoller.TICK_MS);
        schedule(jobs, leadership, "auto-refresh", autoRefresh::runOnce, AutoRefreshScheduler.CHECK_MS);
    }

    private static void schedule(ScheduledExecutorService jobs, Leadership leadership, String name, Runnable job,
                                 long periodMs) {
        jobs.scheduleWithFixedDelay(() -> {
            if (!leadership.leader()) {
                return;
            }
            try {
                job.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(App.class).warn("Background job '{}' failed: {}", name, e.toString());
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The terminal UI for the server started by {@link #serve}: it talks to that server over loopback HTTP.
     * {@code shutdown} opening (Ctrl-C, SIGTERM) ends it. Log lines stop going to stderr: the screen belongs
     * to the UI, and the log file (and the Logs screen) still has them.
     */
    public TerminalUi terminalUi(HttpServer running, CountDownLatch shutdown, String osName, Map<String, String> env) {
        Logging.configure(new Config.Logging(config.logging().level(), config.logging().format(), false));
        String host = config.server().host();
        ServerInfo info = new ServerInfo(running.localUri(),
                "http://" + HttpServer.displayHost(host) + ":" + running.port(), host, running.port(), database.description(), clock.millis());
        return new TerminalUi(info, clock, shutdown, osName, env, apiKeys.localAdminSecret());
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

    /** Strategy, default agent model and retention as they are now (the API can change them). */
    public RuntimeSettings settings() {
        return settings;
    }

    /** The {@code --analyze} report over this app's database. */
    public DatabaseReport databaseReport() {
        return new DatabaseReport(database, clock);
    }

    /** What the proxy reports every client request to: the request log. */
    public ExchangeObserver exchangeObserver() {
        return requestRecorder;
    }

    public RequestRecorder requestRecorder() {
        return requestRecorder;
    }

    /** The proxy's account bookkeeping writer (its {@code stats()} are for metrics); null until {@link #serve}. */
    public AccountUpdates accountUpdates() {
        return accountUpdates;
    }

    public RequestLogStore requestLog() {
        return requestLog;
    }

    /** The API keys (issue 15). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Analytics analytics() {
        return analytics;
    }

    public AccountStore accountStore() {
        return accountStore;
    }

    /** Per-account model mappings (issue 14). */
    public ModelMappings modelMappings() {
        return modelMappings;
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
        requestRecorder.close();
        database.close();
    }
}
