package io.betterccflare.encryption;

import java.util.List;

/**
 * Every stored column that holds a secret, each in a table whose rows are keyed by an {@code id} column. With a key configured these columns hold
 * only sealed values; the column name and the row's key are the associated data of each value, so a value copied
 * to another row or column fails authentication. Adding a column here makes the storage package seal it at the
 * next start (clear values are found and sealed) and in every rotation.
 */
public enum SecretField {
    ACCOUNT_API_KEY("accounts", "api_key"),
    ACCOUNT_REFRESH_TOKEN("accounts", "refresh_token"),
    ACCOUNT_ACCESS_TOKEN("accounts", "access_token"),
    /** A base URL may carry credentials (user info or a query key). */
    ACCOUNT_CUSTOM_ENDPOINT("accounts", "custom_endpoint"),
    /** The PKCE verifier of a login in progress: with the code it buys the account's tokens. */
    OAUTH_VERIFIER("oauth_sessions", "verifier"),
    OAUTH_CUSTOM_ENDPOINT("oauth_sessions", "custom_endpoint"),
    /** Stored request and response bodies: prompts, answers, tool output. */
    REQUEST_PAYLOAD("request_payloads", "json");

    private final String table;
    private final String column;

    SecretField(String table, String column) {
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
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
