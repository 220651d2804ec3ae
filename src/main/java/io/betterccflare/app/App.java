package io.betterccflare.app;

import io.betterccflare.accounts.AccountService;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.config.Config;
import io.betterccflare.server.HealthRoutes;
import io.betterccflare.server.HttpServer;
import io.betterccflare.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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
    private HttpServer server;

    private App(Config config, Clock clock, Database database) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.accountStore = new AccountStore(database);
        this.accounts = new AccountService(accountStore, clock);
    }

    /** Opens the database (creating and migrating it) and builds the services. */
    public static App open(Config config, Clock clock) {
        return new App(config, clock, Database.open(config.storage()));
    }

    /** Starts the HTTP server and background jobs; returns once the port is bound. */
    public HttpServer serve() {
        server = new HttpServer(config.server(), List.of(
                new HealthRoutes(accountStore, config.routing().strategy(), clock)));
        server.start();
        running.add(server);
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
