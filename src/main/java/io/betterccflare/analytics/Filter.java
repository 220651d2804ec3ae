package io.betterccflare.analytics;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The row filters of an analytics query, rendered for raw rows ({@code requests r}) and for roll-up keys.
 * {@code accountIds} are resolved from the requested names; {@code noAccount} selects rows without an
 * account. {@code agents} keeps the rows attributed to those agents; {@code apiKeys} are API key ids or names.
 * Roll-ups know neither agents nor keys, so either filter reads raw rows only ({@link #needsRows}). Null lists
 * mean "no filter". Immutable.
 */
record Filter(List<String> accountIds, boolean noAccount, List<String> models, Boolean success, List<String> agents,
              List<String> apiKeys) {

    static final Filter NONE = new Filter(null, false, null, null, null, null);

    /** True when the roll-ups cannot answer (they have no agent or API key). */
    boolean needsRows() {
        return agents != null || apiKeys != null;
    }

    /** Extra {@code AND ...} conditions on {@code requests r}. */
    String raw() {
        StringBuilder sql = new StringBuilder();
        if (accountIds != null) {
            List<String> alternatives = new ArrayList<>();
            if (!accountIds.isEmpty()) {
                alternatives.add("r.account_used IN (<accountIds>)");
            }
            if (noAccount) {
                alternatives.add("r.account_used IS NULL");
            }
            sql.append(alternatives.isEmpty() ? " AND 1 = 0" : " AND (" + String.join(" OR ", alternatives) + ")");
        }
        if (models != null) {
            sql.append(" AND r.model IN (<models>)");
        }
        if (success != null) {
            sql.append(success ? " AND r.success = TRUE" : " AND (r.success = FALSE OR r.success IS NULL)");
        }
        if (agents != null) {
            sql.append(" AND r.agent_used IN (<agents>)");
        }
        if (apiKeys != null) {
            sql.append(" AND (r.api_key_id IN (<apiKeys>) OR r.api_key_name IN (<apiKeys>))");
        }
        return sql.toString();
    }

    /** Extra {@code AND ...} conditions on roll-up shaped rows ({@code account_key}, {@code model_key}, {@code success}). */
    String keys() {
        StringBuilder sql = new StringBuilder();
        if (accountIds != null) {
            List<String> alternatives = new ArrayList<>();
            if (!accountIds.isEmpty()) {
                alternatives.add("account_key IN (<accountIds>)");
            }
            if (noAccount) {
                alternatives.add("account_key = ''");
            }
            sql.append(alternatives.isEmpty() ? " AND 1 = 0" : " AND (" + String.join(" OR ", alternatives) + ")");
        }
        if (models != null) {
            sql.append(" AND model_key IN (<models>)");
        }
        if (success != null) {
            sql.append(success ? " AND success = TRUE" : " AND success = FALSE");
        }
        return sql.toString();
    }

    /** Binds the lists the rendered conditions name. */
    <S extends SqlStatement<S>> S bind(S statement) {
        if (accountIds != null && !accountIds.isEmpty()) {
            statement.bindList("accountIds", accountIds);
        }
        if (models != null) {
            statement.bindList("models", models);
        }
        if (agents != null) {
            statement.bindList("agents", agents);
        }
        if (apiKeys != null) {
            statement.bindList("apiKeys", apiKeys);
        }
        return statement;
    }
}
