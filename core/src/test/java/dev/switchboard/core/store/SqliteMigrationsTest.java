package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by an earlier version, upgraded by the host's own migrations: V4 and V5 change the visitors
 * table's indexes (V5 rebuilds the table), and every row, reference and rule must come through.
 */
class SqliteMigrationsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void createDataDirectory() throws Exception {
        Files.createDirectories(dir.resolve("data"));
    }

    /** The store as the host left it before V4: what an upgrade starts from. */
    private void migrateToVersionThree() {
        Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration/sqlite").target("3")
                .load().migrate();
    }

    /** The host's configuration for this store, whose Database.open migrates it to the latest version. */
    private HostConfig config() {
        return HostConfig.builder().dataDir(dir.resolve("data")).pluginsDir(dir).build();
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("data").resolve(Database.SQLITE_FILE) + "?foreign_keys=on";
    }

    @Test
    void aVersionThreeStoreKeepsItsVisitorsAndReferencesAndRulesAfterTheUpgrade() throws Exception {
        migrateToVersionThree();
        try (Connection connection = DriverManager.getConnection(url());
             Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO visitors (id, token, username, name, phone, phone_digits, ts, updated_at) "
                    + "VALUES ('v1', 't-1', 'guest-1', 'Ann', '+1 555 0100', '15550100', 1, 2)");
            sql.execute("INSERT INTO visitors (id, token, username, ts, updated_at) VALUES ('v2', 't-2', 'guest-2', 3, 4)");
            sql.execute("INSERT INTO visitors (id, token, ts, updated_at, erased_at) VALUES ('v3', NULL, 5, 6, 7)");
            sql.execute("INSERT INTO external_ids VALUES ('wa', 'BR.1', 'v1', '{\"wa_id\":\"1\"}', 8)");
        }

        try (Database upgraded = Database.open(config())) {
            // The writer may be handed the connection the migrations ran on: it must still set itself up.
            JdbcVisitorStore visitors = new JdbcVisitorStore(upgraded, Clock.systemUTC());
            await(visitors.register(RegistrationRequest.ofToken("t-new"), Durability.CRASH_SAFE));
            assertEquals("Ann", await(visitors.findByToken("t-1")).orElseThrow().name());
        }

        try (Connection connection = DriverManager.getConnection(url());
             Statement sql = connection.createStatement()) {
            assertEquals(List.of("v1|t-1|Ann|15550100|1|2|null", "v2|t-2|null|null|3|4|null",
                    "v3|null|null|null|5|6|7"), rows(sql, "SELECT id, token, name, phone_digits, ts, updated_at, "
                    + "erased_at FROM visitors WHERE token IS NOT 't-new' ORDER BY id"));
            assertEquals(List.of("wa|BR.1|v1|{\"wa_id\":\"1\"}|8"), rows(sql, "SELECT * FROM external_ids"));

            SQLException shared = assertThrows(SQLException.class, () -> sql.execute("INSERT INTO visitors "
                    + "(id, token, phone_digits, ts, updated_at) VALUES ('v4', 't-4', '15550100', 1, 1)"));
            assertTrue(shared.getMessage().contains("phone_digits"), "registrations tell this error by the column");
            sql.execute("INSERT INTO visitors (id, token, ts, updated_at) VALUES ('v5', 't-5', 1, 1)");
            assertThrows(SQLException.class, () -> sql.execute("INSERT INTO visitors (id, token, ts, updated_at) "
                    + "VALUES ('v6', 't-5', 1, 1)"), "tokens stay unique");
            assertThrows(SQLException.class, () -> sql.execute("INSERT INTO external_ids VALUES "
                    + "('wa', 'BR.2', 'nobody', '{}', 9)"), "external ids still refer to visitors");
            assertThrows(SQLException.class, () -> sql.execute("DELETE FROM visitors WHERE id = 'v1'"),
                    "a visitor with external ids cannot disappear under them");

            assertEquals(List.of("visitors_email|0|0", "visitors_last_chat|0|1", "visitors_phone_digits|1|1"),
                    rows(sql, "SELECT name, \"unique\", partial FROM pragma_index_list('visitors') "
                            + "WHERE origin = 'c' ORDER BY name"));
            assertFalse(rows(sql, "SELECT name FROM sqlite_master").contains("external_ids_aside"));
            assertEquals(List.of("external_ids_entity|0|0", "external_ids_visitor|0|0",
                    "sqlite_autoindex_external_ids_1|1|0"), rows(sql, "SELECT name, \"unique\", partial "
                    + "FROM pragma_index_list('external_ids') ORDER BY name"), "the upsert's key and both indexes");
            assertTrue(rows(sql, "EXPLAIN QUERY PLAN SELECT id FROM visitors WHERE erased_at IS NULL "
                    + "AND phone_digits IN ('15550100', '15550100')").toString().contains("visitors_phone_digits"),
                    "lookups by number (as registration groups make them) use the index");
        }
    }

    @Test
    void anUpgradeThatMeetsExternalIdsOfDeletedVisitorsSaysSoAndLeavesTheStoreAsItWas() throws Exception {
        migrateToVersionThree();
        try (Connection connection = DriverManager.getConnection(url().replace("foreign_keys=on", "foreign_keys=off"));
             Statement sql = connection.createStatement()) { // as an operator's sqlite3 shell would
            sql.execute("INSERT INTO visitors (id, token, ts, updated_at) VALUES ('v1', 't-1', 1, 1)");
            sql.execute("INSERT INTO external_ids VALUES ('wa', 'BR.1', 'deleted', '{}', 1)");
        }
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Database.open(config()).close());

        StringBuilder causes = new StringBuilder();
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            causes.append(cause.getMessage()).append('\n');
        }
        assertTrue(causes.toString().contains("external_ids rows refer to deleted visitors"), causes.toString());
        try (Connection connection = DriverManager.getConnection(url());
             Statement sql = connection.createStatement()) {
            assertEquals(List.of("4"), rows(sql, "SELECT max(version) FROM flyway_schema_history WHERE success"));
            assertEquals(List.of("v1|t-1"), rows(sql, "SELECT id, token FROM visitors"));
            assertEquals(List.of("wa|BR.1|deleted"), rows(sql, "SELECT app_id, entity_id, visitor_id FROM external_ids"));
        }
    }

    @Test
    void visitorsWhoChattedBeforeVersionTwelveGetTheirLatestRoomAsLastChat() throws Exception {
        Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration/sqlite").target("11")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(url());
             Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO visitors (id, token, ts, updated_at) VALUES ('v1', 't-1', 1, 2), "
                    + "('v2', 't-2', 3, 4)");
            String room = "INSERT INTO rooms (id, visitor_id, visitor_token, open, source_type, ts, updated_at) "
                    + "VALUES ('%s', 'v1', 't-1', %d, 'api', %d, %d)";
            sql.execute(room.formatted("r-old", 0, 100, 100));
            sql.execute(room.formatted("r-new", 1, 200, 200));
        }
        Database.open(config()).close();
        try (Connection connection = DriverManager.getConnection(url());
             Statement sql = connection.createStatement()) {
            assertEquals(List.of("v1|r-new|200", "v2|null|null"),
                    rows(sql, "SELECT id, last_chat_id, last_chat_ts FROM visitors ORDER BY id"));
        }
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
