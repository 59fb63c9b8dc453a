package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Savepoints as plain SQL with fixed names (valid on SQLite and PostgreSQL), so on a writer's connection they are
 * prepared once rather than built per use as {@link Connection#setSavepoint()} does. Names nest: a rollback or
 * release refers to the innermost savepoint of that name.
 */
final class NamedSavepoints {
    private NamedSavepoints() { }

    static void set(Connection connection, String name) throws SQLException {
        run(connection, "SAVEPOINT " + name);
    }

    static void release(Connection connection, String name) throws SQLException {
        run(connection, "RELEASE SAVEPOINT " + name);
    }

    /** Undoes everything since the savepoint and removes it. */
    static void rollback(Connection connection, String name) throws SQLException {
        run(connection, "ROLLBACK TO SAVEPOINT " + name);
        release(connection, name);
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
