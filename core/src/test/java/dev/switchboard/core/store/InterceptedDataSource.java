package dev.switchboard.core.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Real SQLite connections behind a proxy that may fail any call before it reaches the connection, to make them
 * fail as dropped PostgreSQL connections do. Connections are numbered from 0 in the order they were opened.
 */
final class InterceptedDataSource implements DataSource {
    /** Throws to fail the call {@code method} on connection {@code number}; returns to let it through. */
    interface Interceptor {
        void before(int number, String method) throws SQLException;
    }

    private final String url;
    private final Interceptor interceptor;
    private final AtomicInteger opened = new AtomicInteger();

    InterceptedDataSource(Path file, Interceptor interceptor) {
        this.url = "jdbc:sqlite:" + file;
        this.interceptor = interceptor;
    }

    String url() {
        return url;
    }

    /** How many connections were opened. */
    int opened() {
        return opened.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = DriverManager.getConnection(url);
        int number = opened.getAndIncrement();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    interceptor.before(number, method.getName());
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) { }

    @Override
    public void setLoginTimeout(int seconds) { }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
