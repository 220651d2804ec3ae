package io.betterccflare.encryption;

import java.util.List;

/**
 * Every stored column that holds a secret, with the column that keys its table's rows. With a key configured these columns hold
 * only sealed values; the column name and the row's key are the associated data of each value, so a value copied
 * to another row or column fails authentication. Adding a column here makes the storage package seal it at the
 * next start (clear values are found and sealed) and in every rotation.
 */
public enum SecretField {
    ACCOUNT_API_KEY("accounts", "id", "api_key"),
    ACCOUNT_REFRESH_TOKEN("accounts", "id", "refresh_token"),
    ACCOUNT_ACCESS_TOKEN("accounts", "id", "access_token"),
    /** A base URL may carry credentials (user info or a query key). */
    ACCOUNT_CUSTOM_ENDPOINT("accounts", "id", "custom_endpoint"),
    /** An account's own outbound proxy: its user info is a password. */
    ACCOUNT_PROXY_URL("account_proxies", "account_id", "proxy_url"),
    /** The PKCE verifier of a login in progress: with the code it buys the account's tokens. */
    OAUTH_VERIFIER("oauth_sessions", "id", "verifier"),
    OAUTH_CUSTOM_ENDPOINT("oauth_sessions", "id", "custom_endpoint"),
    /** Stored request and response bodies: prompts, answers, tool output. */
    REQUEST_PAYLOAD("request_payloads", "id", "json");

    private final String table;
    private final String idColumn;
    private final String column;

    SecretField(String table, String idColumn, String column) {
        this.table = table;
        this.idColumn = idColumn;
        this.column = column;
    }

    public String table() {
        return table;
    }

    /** The column holding the row key that is authenticated with each value (the table's primary key). */
    public String idColumn() {
        return idColumn;
    }

    public String column() {
        return column;
    }

    /** {@code table.column}, as error messages and associated data name it. */
    public String qualifiedName() {
        return table + "." + column;
    }

    /** The fields of one table, in declaration order. */
    public static List<SecretField> of(String table) {
        return java.util.Arrays.stream(values()).filter(field -> field.table.equals(table)).toList();
    }
}
