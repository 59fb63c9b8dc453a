package dev.switchboard.core.store;

import dev.switchboard.core.error.ServiceUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs read-only work on the read pool with a connection of its own (as {@code JdbcVisitorStore.read}). */
final class Reads {
    private Reads() { }

    static <T> CompletableFuture<T> run(Database database, TransactionQueue.Work<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = database.dataSource().getConnection()) {
                return work.run(connection);
            } catch (SQLTransientConnectionException e) {
                throw new ServiceUnavailableException("The database is unavailable", e);
            } catch (SQLException e) {
                if (database.dialect().isConnectionFailure(e)) {
                    throw new ServiceUnavailableException("The database is unavailable", e);
                }
                throw new CompletionException(e);
            }
        }, database.readers());
    }

    /** {@code value} with LIKE's wildcards and the escape character escaped, for {@code LIKE ? ESCAPE '\'}. */
    static String likeLiteral(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
