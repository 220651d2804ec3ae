package io.betterccflare.oauth;

import static io.betterccflare.store.Columns.longOrNull;

import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@code oauth_sessions} table: logins begun and not yet finished, each valid until its
 * {@code expires_at}. Lookups ignore expired rows; {@link #purgeExpired} deletes them. Thread-safe.
 */
public final class OAuthSessions {
    private final Database database;

    public OAuthSessions(Database database) {
        this.database = database;
    }

    /**
     * One pending login. {@code reauthAccountId} is set when the login renews an existing account's
     * credentials; {@code priority} is null when none was asked for.
     */
    record Session(String id, String accountName, String verifier, String state, String mode, int tier,
                   Integer priority, String customEndpoint, String reauthAccountId, long createdAt, long expiresAt) {

        @Override
        public String toString() {
            return "Session[id=" + id + ", accountName=" + accountName + ", mode=" + mode + "]";
        }
    }

    void insert(Session session) {
        run(handle -> handle.createUpdate("""
                INSERT INTO oauth_sessions (id, account_name, verifier, state, mode, tier, priority, custom_endpoint,
                    reauth_account_id, created_at, expires_at)
                VALUES (:id, :name, :verifier, :state, :mode, :tier, :priority, :endpoint, :reauth, :created, :expires)""")
                .bind("id", session.id())
                .bind("name", session.accountName())
                .bind("verifier", session.verifier())
                .bind("state", session.state())
                .bind("mode", session.mode())
                .bind("tier", session.tier())
                .bind("priority", session.priority())
                .bind("endpoint", session.customEndpoint())
                .bind("reauth", session.reauthAccountId())
                .bind("created", session.createdAt())
                .bind("expires", session.expiresAt())
                .execute());
    }

    /** The session with this id unless it has expired at {@code now}. */
    Optional<Session> find(String id, long now) {
        return run(handle -> handle.createQuery("SELECT * FROM oauth_sessions WHERE id = :id AND expires_at > :now")
                .bind("id", id).bind("now", now)
                .map((row, context) -> new Session(
                        row.getString("id"),
                        row.getString("account_name"),
                        row.getString("verifier"),
                        row.getString("state"),
                        row.getString("mode"),
                        row.getInt("tier"),
                        longOrNull(row, "priority") == null ? null : row.getInt("priority"),
                        row.getString("custom_endpoint"),
                        row.getString("reauth_account_id"),
                        row.getLong("created_at"),
                        row.getLong("expires_at")))
                .findOne());
    }

    void delete(String id) {
        run(handle -> handle.createUpdate("DELETE FROM oauth_sessions WHERE id = :id").bind("id", id).execute());
    }

    /** Deletes every session expired at {@code now}; returns how many went. */
    public int purgeExpired(long now) {
        return run(handle -> handle.createUpdate("DELETE FROM oauth_sessions WHERE expires_at <= :now")
                .bind("now", now).execute());
    }

    private <T> T run(HandleCallback<T, RuntimeException> callback) {
        try {
            return database.withHandle(callback);
        } catch (JdbiException e) {
            throw new StoreException("OAuth session storage failed: " + e.getMessage(), e);
        }
    }
}
