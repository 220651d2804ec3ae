package io.betterccflare.maintenance;

import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.AccountStore;
import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
import io.betterccflare.requests.RequestLogStore;
import io.betterccflare.store.Database;
import io.betterccflare.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * {@code --import-ccflare PATH [--with-history]}: brings the accounts of a better-ccflare SQLite database
 * into ours, and with history its requests and payloads. Reads the reference's schema (1.x: provider
 * {@code anthropic}/{@code zai}, Console keys in {@code api_key}) and the 3.x one (more providers, e.g.
 * {@code claude-console-api}, {@code anthropic-compatible}), whatever columns each file has. Accounts
 * keep their ids, so history stays attached and a second import adds nothing: an id already here, or a
 * name held by another account, is skipped and reported. Providers we do not serve are skipped with the
 * reason. The source is opened read-only; the target is written in one transaction. Secrets are never
 * printed, and with an encryption key they are sealed before they are written ({@link Database#cipher()}). Stateless; one call per command.
 */
public final class CcflareImport {
    private static final long HOUR_MS = 3_600_000L;
    /** Request columns we copy when the source has them. */
    private static final List<String> REQUEST_COLUMNS = List.of("id", "timestamp", "method", "path", "account_used",
            "status_code", "success", "error_message", "response_time_ms", "failover_attempts", "model",
            "prompt_tokens", "completion_tokens", "total_tokens", "cost_usd", "output_tokens_per_second",
            "input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "output_tokens", "agent_used");
    private static final Set<String> BOOLEAN_COLUMNS = Set.of("success");

    /** What the import took and skipped, as lines to print. */
    public record Report(int accountsImported, int accountsSkipped, int requestsImported, int requestsSkipped,
                         List<String> lines) {
        public Report {
            lines = List.copyOf(lines);
        }
    }

    private final AccountStore accounts;
    private final Database database;

    public CcflareImport(AccountStore accounts, Database database) {
        this.accounts = accounts;
        this.database = database;
    }

    public Report run(Path source, boolean withHistory) {
        if (!Files.isRegularFile(source)) {
            throw new StoreException("Cannot import " + source + ": no such file");
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1");
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + source.toAbsolutePath(), readOnly)) {
            List<Map<String, Object>> accountRows = rows(from, "accounts");
            List<Map<String, Object>> requestRows = withHistory ? rows(from, "requests") : List.of();
            Map<String, String> payloads = withHistory ? payloads(from) : Map.of();
            FieldCipher cipher = database.cipher();
            Report report = database.jdbi().inTransaction(tx -> write(tx, cipher, source, accountRows, requestRows, payloads));
            accounts.routingChanged(null);
            return report;
        } catch (SQLException e) {
            throw new StoreException("Cannot import " + source + ": " + firstLine(e.getMessage()), e);
        } catch (JdbiException e) {
            throw new StoreException("Import from " + source + " failed: " + firstLine(e.getMessage()), e);
        }
    }

    private Report write(Handle tx, FieldCipher cipher, Path source, List<Map<String, Object>> accountRows,
                         List<Map<String, Object>> requestRows, Map<String, String> payloads) {
        List<String> lines = new ArrayList<>();
        lines.add("Importing from " + source);
        int imported = 0;
        int skipped = 0;
        for (Map<String, Object> row : accountRows) {
            String name = string(row, "name");
            String problem = importAccount(tx, cipher, row);
            if (problem == null) {
                imported++;
                lines.add("  + account '" + name + "'");
            } else {
                skipped++;
                lines.add("  - account '" + name + "' skipped: " + problem);
            }
        }
        int requestsImported = 0;
        Set<Long> hours = new TreeSet<>();
        for (Map<String, Object> row : requestRows) {
            if (insertRequest(tx, cipher, row, payloads.get(string(row, "id")))) {
                requestsImported++;
                hours.add(number(row, "timestamp") / HOUR_MS * HOUR_MS);
            }
        }
        hours.forEach(hour -> RequestLogStore.rebuildRollupHour(tx, hour));
        int requestsSkipped = requestRows.size() - requestsImported;
        lines.add("Accounts: " + imported + " imported, " + skipped + " skipped");
        if (!requestRows.isEmpty()) {
            lines.add("Requests: " + requestsImported + " imported, " + requestsSkipped + " already present");
        }
        return new Report(imported, skipped, requestsImported, requestsSkipped, lines);
    }

    /** Null when inserted; otherwise why not (never a secret). */
    private static String importAccount(Handle tx, FieldCipher cipher, Map<String, Object> row) {
        String id = string(row, "id");
        String name = string(row, "name");
        if (id == null || name == null || name.isBlank()) {
            return "no id or name";
        }
        if (tx.createQuery("SELECT COUNT(*) FROM accounts WHERE id = :id").bind("id", id).mapTo(Integer.class).one() > 0) {
            return "already imported";
        }
        if (tx.createQuery("SELECT COUNT(*) FROM accounts WHERE name = :name").bind("name", name).mapTo(Integer.class).one() > 0) {
            return "another account is already named '" + name + "'";
        }
        String apiKey = string(row, "api_key");
        String refreshToken = string(row, "refresh_token");
        String endpoint = string(row, "custom_endpoint");
        AccountMode mode = mode(string(row, "provider"), apiKey, refreshToken, endpoint);
        if (mode == null) {
            return "provider '" + string(row, "provider") + "' is not supported here";
        }
        if (mode != AccountMode.MAX && (apiKey == null || apiKey.isBlank())) {
            // The reference stored z.ai and manual keys in refresh_token.
            apiKey = refreshToken;
            refreshToken = null;
        }
        if ((mode == AccountMode.MAX ? refreshToken : apiKey) == null) {
            return "no credentials";
        }
        tx.createUpdate("""
                INSERT INTO accounts (id, name, provider, mode, api_key, refresh_token, access_token, expires_at,
                    created_at, last_used, request_count, total_requests, account_tier, priority, paused,
                    session_start, session_request_count, custom_endpoint, auto_fallback_enabled, auto_refresh_enabled,
                    rate_limited_until, rate_limit_reset, rate_limit_status, rate_limit_remaining, rate_limited_reason)
                VALUES (:id, :name, :provider, :mode, :apiKey, :refreshToken, :accessToken, :expiresAt,
                    :createdAt, :lastUsed, :requestCount, :totalRequests, :tier, :priority, :paused,
                    :sessionStart, :sessionRequestCount, :endpoint, :autoFallback, :autoRefresh,
                    :limitedUntil, :limitReset, :limitStatus, :limitRemaining, :limitedReason)""")
                .bind("id", id).bind("name", name)
                .bind("provider", mode.provider().id()).bind("mode", mode.id())
                .bind("apiKey", cipher.seal(SecretField.ACCOUNT_API_KEY, id, mode == AccountMode.MAX ? null : apiKey))
                .bind("refreshToken", cipher.seal(SecretField.ACCOUNT_REFRESH_TOKEN, id, mode == AccountMode.MAX ? refreshToken : null))
                .bind("accessToken", cipher.seal(SecretField.ACCOUNT_ACCESS_TOKEN, id,
                        mode == AccountMode.MAX ? string(row, "access_token") : null))
                .bind("expiresAt", nullableNumber(row, "expires_at"))
                .bind("createdAt", row.get("created_at") == null ? System.currentTimeMillis() : number(row, "created_at"))
                .bind("lastUsed", nullableNumber(row, "last_used"))
                .bind("requestCount", number(row, "request_count"))
                .bind("totalRequests", number(row, "total_requests"))
                .bind("tier", row.get("account_tier") == null ? 1 : number(row, "account_tier"))
                .bind("priority", number(row, "priority"))
                .bind("paused", number(row, "paused") != 0)
                .bind("sessionStart", nullableNumber(row, "session_start"))
                .bind("sessionRequestCount", number(row, "session_request_count"))
                .bind("endpoint", cipher.seal(SecretField.ACCOUNT_CUSTOM_ENDPOINT, id, endpoint))
                .bind("autoFallback", number(row, "auto_fallback_enabled") != 0)
                .bind("autoRefresh", number(row, "auto_refresh_enabled") != 0)
                .bind("limitedUntil", nullableNumber(row, "rate_limited_until"))
                .bind("limitReset", nullableNumber(row, "rate_limit_reset"))
                .bind("limitStatus", string(row, "rate_limit_status"))
                .bind("limitRemaining", nullableNumber(row, "rate_limit_remaining"))
                .bind("limitedReason", row.get("rate_limited_until") == null ? null : "rate_limited")
                .execute();
        return null;
    }

    /**
     * Our mode for a source row: 1.x knows {@code anthropic} (OAuth when it has no API key) and {@code zai};
     * 3.x adds {@code claude-console-api}, {@code anthropic-compatible} and providers of its own, which we
     * serve as Anthropic-compatible when the row names their endpoint.
     */
    static AccountMode mode(String provider, String apiKey, String refreshToken, String endpoint) {
        String p = provider == null ? "anthropic" : provider.toLowerCase(Locale.ROOT);
        boolean hasKey = apiKey != null && !apiKey.isBlank();
        return switch (p) {
            case "anthropic" -> hasKey || refreshToken == null ? AccountMode.CONSOLE : AccountMode.MAX;
            case "claude-console-api", "console" -> AccountMode.CONSOLE;
            case "zai" -> AccountMode.ZAI;
            case "anthropic-compatible" -> AccountMode.ANTHROPIC_COMPATIBLE;
            default -> endpoint != null && !endpoint.isBlank() && hasKey && !p.contains("openai")
                    && !p.equals("bedrock") && !p.equals("codex") ? AccountMode.ANTHROPIC_COMPATIBLE : null;
        };
    }

    private static boolean insertRequest(Handle tx, FieldCipher cipher, Map<String, Object> row, String payload) {
        List<String> columns = REQUEST_COLUMNS.stream().filter(row::containsKey).toList();
        String sql = "INSERT INTO requests (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> ":" + c).toList()) + ") ON CONFLICT (id) DO NOTHING";
        var insert = tx.createUpdate(sql);
        for (String column : columns) {
            Object value = row.get(column);
            if (BOOLEAN_COLUMNS.contains(column)) {
                insert.bind(column, value == null ? null : ((Number) value).intValue() != 0);
            } else {
                insert.bind(column, value);
            }
        }
        if (insert.execute() == 0) {
            return false;
        }
        if (payload != null) {
            tx.createUpdate("INSERT INTO request_payloads (id, json) VALUES (:id, :json) ON CONFLICT (id) DO NOTHING")
                    .bind("id", string(row, "id"))
                    .bind("json", cipher.seal(SecretField.REQUEST_PAYLOAD, string(row, "id"), payload)).execute();
        }
        return true;
    }

    private static List<Map<String, Object>> rows(Connection from, String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = from.createStatement(); ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            int count = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= count; i++) {
                    row.put(result.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> payloads(Connection from) throws SQLException {
        Map<String, String> payloads = new LinkedHashMap<>();
        Set<String> tables = new HashSet<>();
        try (ResultSet result = from.getMetaData().getTables(null, null, "request_payloads", null)) {
            while (result.next()) {
                tables.add(result.getString("TABLE_NAME"));
            }
        }
        if (tables.isEmpty()) {
            return payloads;
        }
        try (Statement statement = from.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, json FROM request_payloads")) {
            while (result.next()) {
                payloads.put(result.getString(1), result.getString(2));
            }
        }
        return payloads;
    }

    private static String string(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    private static long number(Map<String, Object> row, String column) {
        Long value = nullableNumber(row, column);
        return value == null ? 0 : value;
    }

    private static Long nullableNumber(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number n ? n.longValue() : null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse(message);
    }
}
