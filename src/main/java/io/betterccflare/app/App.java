package io.betterccflare.app;

import io.betterccflare.accounts.AccessTokens;
import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.api.AccountRoutes;
import io.betterccflare.api.ConfigRoutes;
import io.betterccflare.api.LogRoutes;
import io.betterccflare.api.MaintenanceRoutes;
import io.betterccflare.config.Config;
import io.betterccflare.config.ConfigFile;
import io.betterccflare.config.RuntimeSettings;
import io.betterccflare.logging.Logging;
import io.betterccflare.maintenance.DatabaseMaintenance;
import io.betterccflare.maintenance.DatabaseReport;
import io.betterccflare.maintenance.RequestRetention;
import io.betterccflare.maintenance.RetentionJob;
import io.betterccflare.proxy.AccountUpdates;
import io.betterccflare.proxy.ExchangeObserver;
import io.betterccflare.proxy.ProxyRoutes;
import io.betterccflare.proxy.UpstreamClient;
import io.betterccflare.server.HealthRoutes;
import io.betterccflare.server.HttpServer;
import io.betterccflare.server.RouteGroup;
import io.betterccflare.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
    private final List<AutoCloseable> running = new ArrayList<>();
    private HttpServer server;

    private App(Config config, Clock clock, Database database) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.accountStore = new AccountStore(database);
        this.accounts = new AccountService(accountStore, clock);
        this.settings = new RuntimeSettings(config, new ConfigFile(config.files().configFile()));
        this.retention = new RequestRetention(database, settings, clock);
    }

    /** Applies the logging settings, opens the database (creating and migrating it) and builds the services. */
    public static App open(Config config, Clock clock) {
        Logging.configure(config.logging());
        return new App(config, clock, Database.open(config.storage()));
    }

    /** Starts the HTTP server and background jobs; returns once the port is bound. */
    public HttpServer serve() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("housekeeping-", 0).factory());
        running.add(scheduler::shutdownNow);
        running.add(new RetentionJob(retention, scheduler, Duration.ofDays(1)).start());

        LogRoutes logRoutes = new LogRoutes(Logging.sink().bus(), Duration.ofSeconds(15));
        List<RouteGroup> groups = new ArrayList<>();
        groups.add(new HealthRoutes(accountStore, settings::strategy, clock));
        // Management API: registered before the proxy's catch-all.
        groups.add(new AccountRoutes(accounts, clock, config.routing().sessionDurationMs()));
        groups.add(new ConfigRoutes(settings, () -> server.port(), config.routing().sessionDurationMs()));
        groups.add(new MaintenanceRoutes(retention, new DatabaseMaintenance(database)));
        groups.add(logRoutes);
        UpstreamClient upstream = new UpstreamClient();
        running.add(upstream);
        AccountUpdates accountUpdates = new AccountUpdates(accountStore);
        running.add(accountUpdates);
        // The proxy's catch-all must stay the last group.
        groups.add(new ProxyRoutes(config, accountStore, AccessTokens.STORED, upstream, accountUpdates,
                ExchangeObserver.NONE, clock));
        server = new HttpServer(config.server(), groups);
        server.start();
        running.add(server);
        // Closed before the server, so open log streams end instead of holding the shutdown.
        running.add(logRoutes);
        return server;
    }

    public Config config() {
        return config;
    }

    public AccountService accounts() {
        return accounts;
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
        database.close();
    }
}
