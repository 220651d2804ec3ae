package io.betterccflare.accounts;

import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
import io.betterccflare.store.ChangeSignal;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code account_proxies} table (migration V66): each account's own outbound proxy, if it has one
 * (issue 10 part 8). Kept out of the {@code accounts} row so the {@link Account} record stays as it is; the
 * proxy's routing cache reads {@link #all()} with the accounts. A write is an account change on the
 * {@link ChangeSignal} (topic {@link AccountStore#TOPIC}), so every instance's cache re-reads at once. Goes
 * through {@link Database#withHandle} like every store (SQLite work off virtual threads). The URL is sealed with
 * the database's cipher ({@link Database#cipher()}, issue 15 part 5). Thread-safe.
 */
public final class AccountProxies {
    private final Database database;
    private final ChangeSignal changes;

    AccountProxies(Database database) {
        this.database = database;
        this.changes = database.changes();
    }

    /**
     * Every account's proxy URL as stored (a secret: see {@link ProxyUrl}), by account id; accounts without
     * one are absent. Every entry validated what it stored; a value edited into the database by hand that
     * no longer parses is the caller's to refuse ({@link ProxyUrl#ProxyUrl(String)}) for that account only.
     */
    public Map<String, String> all() {
        try {
            return database.withHandle(handle -> {
                Map<String, String> byAccount = new HashMap<>();
                FieldCipher cipher = database.cipher();
                handle.createQuery("SELECT account_id, proxy_url FROM account_proxies")
                        .map((row, ctx) -> Map.entry(row.getString(1),
                                cipher.open(SecretField.ACCOUNT_PROXY_URL, row.getString(1), row.getString(2))))
                        .forEach(entry -> byAccount.put(entry.getKey(), entry.getValue()));
                return Map.copyOf(byAccount);
            });
        } catch (JdbiException e) {
            throw StoreException.of("Reading account proxies failed", e);
        }
    }

    /** The proxy URL of one account as stored, if it has one (a secret: show it through {@link ProxyUrl#masked(String)}). */
    public Optional<String> of(String accountId) {
        try {
            return database.withHandle(handle -> handle.createQuery("SELECT proxy_url FROM account_proxies WHERE account_id = :id")
                    .bind("id", accountId).mapTo(String.class).findOne())
                    .map(stored -> database.cipher().open(SecretField.ACCOUNT_PROXY_URL, accountId, stored));
        } catch (JdbiException e) {
            throw StoreException.of("Reading an account proxy failed", e);
        }
    }

    /** Sets (or, with null, clears) an account's proxy; the account must exist. */
    public void set(String accountId, ProxyUrl proxy) {
        try {
            database.useHandle(handle -> {
                if (proxy == null) {
                    handle.createUpdate("DELETE FROM account_proxies WHERE account_id = :id").bind("id", accountId).execute();
                } else {
                    handle.createUpdate("""
                            INSERT INTO account_proxies (account_id, proxy_url) VALUES (:id, :url)
                            ON CONFLICT (account_id) DO UPDATE SET proxy_url = :url""")
                            .bind("id", accountId)
                            .bind("url", database.cipher().seal(SecretField.ACCOUNT_PROXY_URL, accountId, proxy.value()))
                            .execute();
                }
            });
        } catch (JdbiException e) {
            throw StoreException.of("Writing an account proxy failed", e);
        } finally {
            changes.publish(AccountStore.TOPIC, accountId);
        }
    }
}
