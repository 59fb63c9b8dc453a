package dev.switchboard.core.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A writer's or reader's long-lived connection, seen through a view whose {@code prepareStatement(sql)} returns a
 * statement prepared once per SQL text and kept (the {@value #MAX_STATEMENTS} most recently used): preparing
 * dominated the writer's time on SQLite, and a third to a half of a history read's. Closing the view or a
 * statement only clears parameters and batch; {@link #close} really closes them. One thread uses it at a time.
 */
final class CachedStatements implements AutoCloseable {
    /** Statement texts kept per connection; past this the least recently used is closed (SQL built per request). */
    static final int MAX_STATEMENTS = 256;

    private final Connection connection;
    private final Map<String, Cached> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue().real());
            return true;
        }
    };
    private final Connection view;

    /** A statement prepared once, and the view of it that work gets (whose close only clears parameters and batch). */
    private record Cached(PreparedStatement real, PreparedStatement view) { }

    CachedStatements(Connection connection) {
        this.connection = connection;
        this.view = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this::onConnection);
    }

    /** The connection work should use. */
    Connection view() {
        return view;
    }

    private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return statement((String) args[0]);
        }
        if (method.getName().equals("close")) {
            return null; // the writer owns the connection
        }
        return invoke(connection, method, args);
    }

    private PreparedStatement statement(String sql) throws SQLException {
        Cached cached = statements.get(sql);
        if (cached == null) {
            PreparedStatement real = connection.prepareStatement(sql);
            PreparedStatement view = (PreparedStatement) Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            real.clearParameters();
                            real.clearBatch(); // a batch that failed half-way must not run with the next one
                            return null;
                        }
                        return invoke(real, method, args);
                    });
            cached = new Cached(real, view);
            statements.put(sql, cached);
        }
        return cached.view();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Closes the statements and gives the connection back to the pool. */
    @Override
    public void close() {
        for (Cached cached : statements.values()) {
            closeQuietly(cached.real());
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool discards it
        }
    }
}
