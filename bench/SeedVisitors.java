// Loads N visitors, R rooms (default N: one open room each) and M messages straight into the host's store, before
// the host starts.
// Run: java -cp core/target/switchboard.jar bench/SeedVisitors.java <data-dir | jdbc:postgresql:URL> <visitors>
//      [<messages>] [--rooms R]
// A data dir seeds the embedded SQLite store there; a PostgreSQL JDBC URL (credentials in it, or in
// SWITCHBOARD_DB_USER / SWITCHBOARD_DB_PASSWORD, as the host takes them) seeds that database, which the host then
// opens with the same URL. Uses the host's own Database.open (Flyway creates the schema), then batched inserts in
// key order (every index is appended to, never split in the middle), 10,000 rows per commit. The last line printed
// gives the store's size.
// Visitor n (1..N): id seed<n, 13 digits>, token seed-<n>, username guest-<n>, phone +1 555 <n, 10 digits>,
// name "Seed Visitor <n>".
// Room n: id room<n, 13 digits>, of visitor ((n - 1) mod N) + 1; rooms 1..N are their visitors' open rooms, so with
// R >= N every visitor has one, and with R < N (--rooms 100000 on 1,000,000 visitors) visitors 1..R have one and the
// rest none. Each visitor's lastChat is its latest room, as the host records it. The messages fill rooms 1, 2, ... with MESSAGES_PER_ROOM each (a livechat-started message, then
// the visitor's), so a store of M messages has ceil(M / 20) rooms with history; rooms past N are closed rooms.
// Message k: id msg<k, 14 digits>, timestamps in the past (before the host starts), one second apart in a room.
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public class SeedVisitors {
    static final int ROWS_PER_COMMIT = 10_000;
    /** Messages in each room that has history: one page of messages.history at its default limit. */
    static final int MESSAGES_PER_ROOM = 20;

    public static void main(String[] args) throws Exception {
        java.util.List<String> positional = new java.util.ArrayList<>(java.util.List.of(args));
        long roomsWanted = -1;
        int flag = positional.indexOf("--rooms");
        if (flag >= 0 && flag + 1 < positional.size()) {
            roomsWanted = Long.parseLong(positional.remove(flag + 1));
            positional.remove(flag);
        }
        if (positional.size() < 2 || positional.size() > 3 || positional.contains("--rooms")) {
            System.err.println("usage: SeedVisitors <data-dir> <visitors> [<messages>] [--rooms <rooms>]");
            System.exit(2);
        }
        boolean postgres = positional.get(0).startsWith("jdbc:postgresql:");
        int visitors = Integer.parseInt(positional.get(1));
        long messages = positional.size() > 2 ? Long.parseLong(positional.get(2)) : 0;
        long started = System.nanoTime();
        HostConfig config = postgres
                // pgjdbc sends a batch of inserts as multi-row statements: seeding millions of rows goes 3-5x faster
                ? HostConfig.builder().dbUrl(positional.get(0) + (positional.get(0).contains("?") ? "&" : "?") + "reWriteBatchedInserts=true")
                        .dbUser(System.getenv("SWITCHBOARD_DB_USER"))
                        .dbPassword(System.getenv("SWITCHBOARD_DB_PASSWORD")).build()
                : HostConfig.builder().dataDir(Path.of(positional.get(0))).build();
        try (Database database = Database.open(config);
             Connection connection = database.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM visitors")) {
                rows.next();
                if (rows.getLong(1) != 0) {
                    throw new IllegalStateException("the store already holds visitors; seed an empty one");
                }
            }
            try (Statement statement = connection.createStatement()) {
                // A throwaway store being filled: nothing to keep through a crash until the last commit.
                if (postgres) {
                    statement.execute("SET synchronous_commit = off");
                } else {
                    statement.execute("PRAGMA synchronous = OFF");
                    statement.execute("PRAGMA cache_size = -262144");
                    statement.execute("PRAGMA foreign_keys = OFF"); // consistent by construction: rooms come first
                }
            }
            connection.setAutoCommit(false);
            long now = System.currentTimeMillis();
            seedVisitors(connection, visitors, now, postgres);
            long rooms = Math.max(roomsWanted >= 0 ? roomsWanted : visitors,
                    (messages + MESSAGES_PER_ROOM - 1) / MESSAGES_PER_ROOM);
            long seededMessages = seedRooms(connection, visitors, rooms, messages, now);
            connection.commit();
            connection.setAutoCommit(true);
            long bytes;
            try (Statement statement = connection.createStatement()) {
                if (postgres) {
                    statement.execute("ANALYZE"); // plans for the seeded sizes from the first request on
                    try (ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                        size.next();
                        bytes = size.getLong(1);
                    }
                } else {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    bytes = java.nio.file.Files.size(Path.of(positional.get(0), "switchboard.db"));
                }
            }
            System.out.printf("seeded %d visitors, %d rooms and %d messages in %d ms; store %d MB (%s)%n", visitors,
                    visitors == 0 ? 0 : rooms, seededMessages, (System.nanoTime() - started) / 1_000_000,
                    bytes / 1_048_576, postgres ? "PostgreSQL database" : "SQLite file");
        }
    }

    private static void seedVisitors(Connection connection, int count, long now, boolean postgres)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO visitors (id, token, username, name, email, phone, phone_digits, department, "
                        + "status, livechat_data, ts, updated_at) "
                        + "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, 'online', '{}', ?, ?)")) {
            for (int n = 1; n <= count; n++) {
                String digits = String.format("1555%010d", n);
                insert.setString(1, visitorId(n)); // 17 chars, like Random.id()
                insert.setString(2, "seed-" + n);
                insert.setString(3, "guest-" + n);
                insert.setString(4, "Seed Visitor " + n);
                insert.setString(5, "+" + digits);
                insert.setString(6, digits);
                insert.setLong(7, now);
                insert.setLong(8, now);
                insert.addBatch();
                if (n % ROWS_PER_COMMIT == 0 || n == count) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
        // The next guest number comes after the seeded ones: a counter row on SQLite, a sequence on PostgreSQL.
        try (PreparedStatement counter = connection.prepareStatement(postgres
                ? "SELECT setval('guest_number', ?)" : "UPDATE counters SET value = ? WHERE name = 'guest'")) {
            counter.setLong(1, count);
            counter.execute();
        }
    }

    /** Rooms 1..{@code rooms} and their messages, room by room; answers the messages written. */
    private static long seedRooms(Connection connection, int visitors, long rooms, long messages, long now)
            throws SQLException {
        if (visitors == 0) {
            return 0;
        }
        long written = 0;
        long pending = 0;
        // Every seeded room and message lies in the past: what the benchmark sends comes after it.
        long first = now - (rooms + 1) * 1000L * (MESSAGES_PER_ROOM + 1);
        try (PreparedStatement room = connection.prepareStatement(
                "INSERT INTO rooms (id, visitor_id, visitor_token, visitor_username, visitor_status, fname, open, "
                        + "source_type, msgs, users_count, lm, ts, updated_at, closed_at, closer, closed_by_id, "
                        + "closed_by_username, chat_duration) "
                        + "VALUES (?, ?, ?, ?, 'online', ?, ?, 'api', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement lastChat = connection.prepareStatement(
                "UPDATE visitors SET last_chat_id = ?, last_chat_ts = ? WHERE id = ?");
             PreparedStatement message = connection.prepareStatement(
                "INSERT INTO messages (id, rid, t, msg, u_id, u_username, u_name, token, extra, ts, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)")) {
            for (long n = 1; n <= rooms; n++) {
                int visitor = (int) ((n - 1) % visitors) + 1;
                String rid = String.format("room%013d", n);
                int count = (int) Math.max(0, Math.min(MESSAGES_PER_ROOM, messages - written));
                long ts = first + n * 1000L * (MESSAGES_PER_ROOM + 1);
                long last = ts + 1000L * Math.max(0, count - 1);
                boolean open = n <= visitors;
                room.setString(1, rid);
                room.setString(2, visitorId(visitor));
                room.setString(3, "seed-" + visitor);
                room.setString(4, "guest-" + visitor);
                room.setString(5, "Seed Visitor " + visitor);
                room.setBoolean(6, open);
                room.setInt(7, count);
                room.setObject(8, count == 0 ? null : last);
                room.setLong(9, ts);
                room.setLong(10, last);
                room.setObject(11, open ? null : last);
                room.setString(12, open ? null : "visitor");
                room.setString(13, open ? null : visitorId(visitor));
                room.setString(14, open ? null : "guest-" + visitor);
                room.setObject(15, open ? null : (last - ts) / 1000.0);
                room.addBatch();
                lastChat.setString(1, rid); // rooms come in ts order: the last one written is the visitor's latest
                lastChat.setLong(2, ts);
                lastChat.setString(3, visitorId(visitor));
                lastChat.addBatch();
                for (int j = 0; j < count; j++) {
                    written++;
                    boolean startedMessage = j == 0;
                    message.setString(1, String.format("msg%014d", written));
                    message.setString(2, rid);
                    message.setString(3, startedMessage ? "livechat-started" : null);
                    message.setString(4, startedMessage ? ""
                            : "Seed message " + j + " of room " + n + ": a question about my order");
                    message.setString(5, visitorId(visitor));
                    message.setString(6, "guest-" + visitor);
                    message.setString(7, "seed-" + visitor);
                    message.setString(8, startedMessage ? "\"groupable\":false" : null);
                    message.setLong(9, ts + 1000L * j);
                    message.setLong(10, ts + 1000L * j);
                    message.addBatch();
                }
                pending += 1 + count;
                if (pending >= ROWS_PER_COMMIT || n == rooms) {
                    room.executeBatch();
                    lastChat.executeBatch();
                    message.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
        }
        return written;
    }

    private static String visitorId(long n) {
        return String.format("seed%013d", n);
    }
}
