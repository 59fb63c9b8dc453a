package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.rolledBack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.store.VisitorStore.Registered;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Registrations run set-based ({@link RegistrationGroup}) end exactly as the same registrations run one after
 * another, or the group declines. Both runs start from the same committed visitors, each inside a transaction
 * that is rolled back afterwards. The outcome includes which visitor owns which phone digits.
 */
class RegistrationGroupTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @StoreTest
    void independentRegistrationsRunTogetherWithTheOutcomeOfOneAfterAnother(TestDatabase db) throws Exception {
        Map<String, String> seeds = seed(db.database());
        List<RegistrationRequest> requests = List.of(
                request("new-1", "New One", "new1@example.com", null),
                request("s1", "Renamed", null, null),                      // token match, keeps its external id
                request("phone-caller", null, null, "+1 (555) 0004"),      // phone match: keeps token s4
                request("email-caller", "By Email", "shared@example.com", null), // email match: the older of two
                request("new-2", null, null, "+44 20 7946 0000"),
                request("new-3", null, null, null));
        List<String> together = assertEndsAsOneAfterAnother(db.database(), seeds, requests);
        assertTrue(together.contains("EMAIL s2 token=email-caller replaced=s2 ext=[]"), together.toString());
        assertTrue(together.contains("TOKEN s1 token=s1 replaced=null ext=[wa:4915550001]"), together.toString());
    }

    @StoreTest
    void registrationsThatDependOnEachOtherRunInSegmentsWithTheSameOutcome(TestDatabase db) throws Exception {
        Map<String, String> seeds = seed(db.database());
        List<List<RegistrationRequest>> dependent = List.of(
                // the same token twice: the second updates what the first creates
                List.of(request("twice", null, null, null), request("twice", "Again", "again@example.com", null),
                        request("after-twice", null, null, null)),
                // the first moves s1's email away, so the second must not match s1 by it
                List.of(request("s1", null, "moved@example.com", null),
                        request("other", null, "s1@example.com", null)),
                // both land on the visitor holding this phone
                List.of(request("s4", "Four", null, null), request("caller", null, null, "15550004")),
                // the second takes the email the first gives to a new visitor
                List.of(request("giver", null, "given@example.com", null),
                        request("taker", "Taker", "given@example.com", null)));
        for (List<RegistrationRequest> requests : dependent) {
            assertEndsAsOneAfterAnother(db.database(), seeds, requests);
        }
    }

    @StoreTest
    void tokenOnlyRegistrationsNeverLandOnAnotherVisitorAndEndAsOneAfterAnother(TestDatabase db) throws Exception {
        Map<String, String> seeds = seed(db.database());
        List<List<RegistrationRequest>> groups = List.of(
                List.of(request("thief-1", "Thief", null, "15550004").tokenOnly(),    // s4's phone, other format
                        request("thief-2", null, "s1@example.com", null).tokenOnly(), // s1's email
                        request("s1", "Renamed", null, "+1 555 0004").tokenOnly(),   // s4's phone on s1
                        request("new-1", null, null, "+1 555 0099").tokenOnly(),
                        request("s4", "Four", null, null).tokenOnly()),
                // s4 gives its phone up, then a new visitor asks for it: one by one it is free by then
                List.of(request("s4", null, null, "+1 555 0123").tokenOnly(),
                        request("after", null, null, "+1 555 0004").tokenOnly()),
                // two new visitors ask for one free phone: the first owns it
                List.of(request("first", null, null, "+1 555 0777").tokenOnly(),
                        request("second", null, null, "15550777").tokenOnly()),
                // an app's request (matching contacts) next to token-only ones
                List.of(request("app-caller", null, null, "15550004"),
                        request("web-caller", null, "shared@example.com", null).tokenOnly()));
        List<List<String>> outcomes = new ArrayList<>();
        for (List<RegistrationRequest> requests : groups) {
            outcomes.add(assertEndsAsOneAfterAnother(db.database(), seeds, requests));
        }
        List<String> first = outcomes.get(0);
        assertTrue(first.contains("NONE new token=thief-1 replaced=null ext=[]"), first.toString());
        assertTrue(first.contains("NONE new token=thief-2 replaced=null ext=[]"), first.toString());
        assertTrue(first.stream().anyMatch(line -> line.startsWith("s4 s4|guest-N|Four|null|+1 555 0004|")
                && line.endsWith("|15550004")), "s4 keeps its digits: " + first);
        assertTrue(first.stream().anyMatch(line -> line.startsWith("new thief-1|guest-N|Thief|null|15550004|")
                && line.endsWith("|null")), "the thief's phone is stored without its digits: " + first);
        assertTrue(first.stream().anyMatch(line -> line.startsWith("s1 s1|guest-N|Renamed|s1@example.com|"
                + "+1 555 0004|") && line.endsWith("|null")), first.toString());
        assertTrue(outcomes.get(1).stream().anyMatch(line -> line.startsWith("new after|")
                && line.endsWith("|15550004")), outcomes.get(1).toString());
        assertTrue(outcomes.get(2).stream().anyMatch(line -> line.startsWith("new first|")
                && line.endsWith("|15550777")), outcomes.get(2).toString());
        assertTrue(outcomes.get(3).contains("PHONE s4 token=s4 replaced=null ext=[]"), outcomes.get(3).toString());
        assertTrue(outcomes.get(3).contains("NONE new token=web-caller replaced=null ext=[]"),
                outcomes.get(3).toString());
    }

    @StoreTest
    void aGroupThatWouldSplitTooOftenIsDeclined(TestDatabase db) throws Exception {
        seed(db.database());
        VisitorRegistrations registrations = new VisitorRegistrations(db.database(), Clock.fixed(T0, ZoneOffset.UTC));
        List<RegistrationRequest> sameToken = Collections.nCopies(RegistrationGroup.MAX_SEGMENTS + 1,
                request("again-and-again", null, null, null));
        Optional<List<Registered>> results = rolledBack(db.database(),
                connection -> registrations.runAll(connection, sameToken));
        assertTrue(results.isEmpty(), "one segment per request: run one by one instead");
    }

    /** Runs {@code requests} one by one and as a group, each in a rolled-back transaction; answers the outcome. */
    private static List<String> assertEndsAsOneAfterAnother(Database database, Map<String, String> seeds,
                                                            List<RegistrationRequest> requests) throws Exception {
        VisitorRegistrations registrations = new VisitorRegistrations(database, Clock.fixed(T0, ZoneOffset.UTC));
        List<String> oneByOne = rolledBack(database, connection -> {
            List<Registered> results = new ArrayList<>();
            for (RegistrationRequest request : requests) {
                results.add(registrations.runOne(connection, request));
            }
            return outcome(connection, results, seeds);
        });
        List<String> together = rolledBack(database, connection -> {
            Optional<List<Registered>> results = registrations.runAll(connection, requests);
            assertTrue(results.isPresent(), "a group of " + requests.size() + " must not be declined");
            Map<String, String> guestNames = new HashMap<>(); // by visitor: one visitor may be registered twice
            results.get().forEach(r -> guestNames.put(r.visitor().id(), r.visitor().username()));
            assertEquals(guestNames.size(), Set.copyOf(guestNames.values()).size(), "guest names: " + guestNames);
            return outcome(connection, results.get(), seeds);
        });
        assertEquals(oneByOne, together);
        return together;
    }

    private static RegistrationRequest request(String token, String name, String email, String phone) {
        return new RegistrationRequest(token, name, email, phone, null, null, List.of());
    }

    /** Commits four visitors (s2 older than s3, both with one email); answers their ids to their tokens. */
    private static Map<String, String> seed(Database database) throws Exception {
        Map<String, String> tokensById = new HashMap<>();
        List<RegistrationRequest> seeds = List.of(
                request("s1", "One", "s1@example.com", "+1 555 0001"),
                request("s2", "Two", "shared@example.com", null),
                request("s3", "Three", null, null),
                request("s3", null, "shared@example.com", null), // by token: an email match would take s2
                request("s4", "Four", null, "+1 555 0004"));
        for (int i = 0; i < seeds.size(); i++) {
            JdbcVisitorStore store = new JdbcVisitorStore(database,
                    Clock.fixed(T0.minusSeconds(60 - i), ZoneOffset.UTC));
            Visitor visitor = store.register(seeds.get(i), Durability.SYNCED).get(30, TimeUnit.SECONDS).visitor();
            tokensById.put(visitor.id(), visitor.token());
        }
        assertEquals(4, tokensById.size());
        String s1 = tokensById.entrySet().stream().filter(e -> e.getValue().equals("s1")).findFirst()
                .orElseThrow().getKey();
        database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO external_ids "
                    + "(app_id, entity_id, visitor_id, created_at) VALUES ('wa', '4915550001', ?, 1)")) {
                statement.setString(1, s1);
                return statement.executeUpdate();
            }
        }).get(30, TimeUnit.SECONDS);
        return tokensById;
    }

    /** Each result, then every live visitor, with seeds named by their token and guest numbers left out. */
    private static List<String> outcome(Connection connection, List<Registered> results, Map<String, String> seeds)
            throws SQLException {
        List<String> lines = new ArrayList<>();
        for (Registered registered : results) {
            Visitor visitor = registered.visitor();
            lines.add(registered.match() + " " + seeds.getOrDefault(visitor.id(), "new") + " token=" + visitor.token()
                    + " replaced=" + registered.replacedToken() + " ext=" + visitor.externalIds().stream()
                    .map(id -> id.appId() + ":" + id.entityId()).toList());
            lines.add(describe(visitor));
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + VisitorRows.COLUMNS
                + ", phone_digits FROM visitors WHERE erased_at IS NULL ORDER BY token");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Visitor visitor = VisitorRows.read(rows);
                lines.add(seeds.getOrDefault(visitor.id(), "new") + " " + describe(visitor) + "|"
                        + rows.getString("phone_digits"));
            }
        }
        return lines;
    }

    private static String describe(Visitor visitor) {
        return String.join("|", visitor.token(), visitor.username().replaceAll("^guest-\\d+$", "guest-N"),
                String.valueOf(visitor.name()), String.valueOf(visitor.email()), String.valueOf(visitor.phone()),
                String.valueOf(visitor.department()), visitor.status(), visitor.livechatData().toString(),
                visitor.ts().toString(), visitor.updatedAt().toString());
    }
}
