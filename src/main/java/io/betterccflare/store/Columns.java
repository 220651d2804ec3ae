package io.betterccflare.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads nullable numeric columns the same way on SQLite and PostgreSQL. Stateless; thread-safe.
 */
public final class Columns {
    private Columns() {
    }

    public static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    public static Double doubleOrNull(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
