// Loads N visitors straight into the host's store, before the host starts.
// Run: java -cp core/target/switchboard.jar bench/SeedVisitors.java <data-dir> <count>
// Uses the host's own Database.open (Flyway creates the schema), then batched inserts, 10,000 rows per commit.
// Visitor n (1..N): token seed-<n>, username guest-<n>, phone +1 555 <n, 10 digits>, name "Seed Visitor <n>".
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

public class SeedVisitors {
    static final int ROWS_PER_COMMIT = 10_000;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SeedVisitors <data-dir> <count>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long started = System.nanoTime();
        try (Database database = Database.open(HostConfig.builder().dataDir(dataDir).build());
             Connection connection = database.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM visitors")) {
                rows.next();
                if (rows.getLong(1) != 0) {
                    throw new IllegalStateException(dataDir + " already holds visitors; seed an empty data dir");
                }
            }
            connection.setAutoCommit(false);
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO visitors (id, token, username, name, email, phone, phone_digits, department, "
                            + "status, livechat_data, ts, updated_at) "
                            + "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, 'online', '{}', ?, ?)")) {
                for (int n = 1; n <= count; n++) {
                    String digits = String.format("1555%010d", n);
                    insert.setString(1, String.format("seed%013d", n)); // 17 chars, like Random.id()
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
            try (PreparedStatement counter = connection.prepareStatement(
                    "UPDATE counters SET value = ? WHERE name = 'guest'")) {
                counter.setLong(1, count);
                counter.executeUpdate();
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        System.out.printf("seeded %d visitors in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);
    }
}
