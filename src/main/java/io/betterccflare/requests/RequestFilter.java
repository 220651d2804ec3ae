package io.betterccflare.requests;

import io.betterccflare.server.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Which rows of the whole request log a listing shows: {@code from}/{@code to} (epoch ms, inclusive, or
 * null), {@code account} (id or current name, or null), {@code status} ({@code success},
 * {@code error}, a three-digit HTTP status, or null), {@code agent} (the {@code agent_used} a row was
 * attributed to, issue 14, or null) and {@code apiKey} (the id or name of the API key that sent it, issue 15, or
 * null). Immutable.
 */
record RequestFilter(Long from, Long to, String account, String status, String agent, String apiKey) {
    static final RequestFilter NONE = new RequestFilter(null, null, null, null, null, null);
    private static final Pattern CODE = Pattern.compile("[1-5]\\d\\d");

    RequestFilter {
        if (status != null && !status.equals("success") && !status.equals("error") && !CODE.matcher(status).matches()) {
            throw ApiException.badRequest("status must be success, error or an HTTP status code");
        }
        if (from != null && to != null && from > to) {
            throw ApiException.badRequest("from must not be after to");
        }
    }

    /** From query parameters; blank values mean no filter. Times are epoch milliseconds or ISO-8601 instants. */
    static RequestFilter of(String from, String to, String account, String status, String agent, String apiKey) {
        return new RequestFilter(time("from", from), time("to", to), blankToNull(account), blankToNull(status),
                blankToNull(agent), blankToNull(apiKey));
    }

    /** The SQL condition (over {@code requests r} joined to {@code accounts a}), starting with {@code WHERE} or empty. */
    String where() {
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            and(sql, "r.timestamp >= :from");
        }
        if (to != null) {
            and(sql, "r.timestamp <= :to");
        }
        if (account != null) {
            and(sql, "(r.account_used = :account OR a.name = :account)");
        }
        if (agent != null) {
            and(sql, "r.agent_used = :agent");
        }
        if (apiKey != null) {
            and(sql, "(r.api_key_id = :apiKey OR r.api_key_name = :apiKey)");
        }
        if ("success".equals(status)) {
            and(sql, "r.success = TRUE");
        } else if ("error".equals(status)) {
            and(sql, "(r.success = FALSE OR r.success IS NULL)");
        } else if (status != null) {
            and(sql, "r.status_code = :statusCode");
        }
        return sql.toString();
    }

    private static void and(StringBuilder sql, String condition) {
        sql.append(sql.isEmpty() ? "WHERE " : " AND ").append(condition);
    }

    /** Binds the parameters {@link #where} names. */
    org.jdbi.v3.core.statement.Query bindTo(org.jdbi.v3.core.statement.Query query) {
        if (from != null) {
            query.bind("from", from);
        }
        if (to != null) {
            query.bind("to", to);
        }
        if (account != null) {
            query.bind("account", account);
        }
        if (agent != null) {
            query.bind("agent", agent);
        }
        if (apiKey != null) {
            query.bind("apiKey", apiKey);
        }
        if (status != null && CODE.matcher(status).matches()) {
            query.bind("statusCode", Integer.parseInt(status));
        }
        return query;
    }

    private static Long time(String name, String raw) {
        String value = blankToNull(raw);
        if (value == null) {
            return null;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be epoch milliseconds or an ISO-8601 time");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
