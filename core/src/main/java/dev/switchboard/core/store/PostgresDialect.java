package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL: JSONB columns, a real sequence for guest names, SQLSTATE-based error classification. */
final class PostgresDialect implements SqlDialect {
    @Override
    public String jsonParameter() {
        return "CAST(? AS jsonb)";
    }

    @Override
    public long[] nextGuestNumbers(Connection connection, int count) throws SQLException {
        // With the count as generate_series' bound, PostgreSQL planned every draw anew (a custom plan, its row estimate
        // following the count, always looked cheaper than the generic one): a fixed series per power of two, cut at
        // the count by LIMIT, keeps a handful of statements whose generic plans are reused.
        int length = Math.max(1, Integer.highestOneBit(count - 1) << 1);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT nextval('guest_number') FROM generate_series(1, " + length + ") LIMIT ?")) {
            statement.setInt(1, count);
            try (ResultSet rows = statement.executeQuery()) {
                long[] numbers = new long[count];
                for (int i = 0; i < count; i++) {
                    rows.next();
                    numbers[i] = rows.getLong(1);
                }
                return numbers;
            }
        }
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/postgresql";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    @Override
    public boolean supportsNotify() {
        return true;
    }

    @Override
    public void notify(Connection connection, String channel, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, payload);
            statement.executeQuery().close();
        }
    }

    @Override
    public String rowLock() {
        return " FOR UPDATE";
    }

    @Override
    public String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean failedStatementAbortsTransaction() {
        return true;
    }

    @Override
    public String name() {
        return "postgresql";
    }
}
