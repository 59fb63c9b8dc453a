package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.store.JdbcWebhookQueue.Dead;
import dev.switchboard.core.store.JdbcWebhookQueue.Event;
import dev.switchboard.core.store.JdbcWebhookQueue.Round;
import dev.switchboard.core.store.JdbcWebhookQueue.RoundResult;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.webhook.DeskEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The webhook outbox on SQLite and PostgreSQL: recording, leases, acknowledgement, dead letters and replay. */
class WebhookQueueStoreTest {
    private static final long NOW = 1_800_000_000_000L;

    /** Records offline-message events (one lane each) with the webhook configured. */
    private static void record(Database database, int count) throws Exception {
        DeskEvents events = TestDeskEvents.configured(database);
        await(database.transactions().submit(connection -> {
            for (int i = 0; i < count; i++) {
                events.record(connection, new DeskEvent.OfflineMessage("m" + i, "N", "n@example.com", "hi",
                        Instant.ofEpochMilli(NOW)));
            }
            return null;
        }));
    }

    private static Round claim(String owner, List<Event> delivered, List<Dead> dead, List<String> idle, int claim) {
        return new Round(owner, NOW + 60_000, NOW + 120_000, false, delivered, List.of(), dead, idle, claim, 10);
    }

    @StoreTest
    void nothingIsRecordedWithoutAUrl(TestDatabase db) throws Exception {
        DeskEvents events = TestDeskEvents.of(db.database());
        await(db.database().transactions().submit(connection -> {
            events.record(connection, new DeskEvent.OfflineMessage("x", "N", "n@example.com", "hi", Instant.now()));
            return null;
        }));
        assertEquals("0", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_events"));
    }

    /**
     * The dispatcher wakes when a writer's commit made events visible. PostgreSQL's writers commit side by side: a
     * writer whose transaction recorded events while another's committed first must still be told so after its own
     * commit (a count over all writers took its events as seen then, and they waited for the next poll).
     */
    @StoreTest
    void eachWriterIsToldAfterItsOwnCommitThatItRecordedEvents(TestDatabase db) throws Exception {
        DeskEvents events = TestDeskEvents.configured(db.database());
        BlockingQueue<Boolean> told = new LinkedBlockingQueue<>();
        db.database().transactions().onBatchCommitted(size -> told.add(events.recordedSinceAsked()));
        if (db.isPostgres()) { // SQLite has one writer: its transactions never overlap
            CountDownLatch recorded = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<Object> held = db.database().transactions().submit(connection -> {
                events.record(connection, offline("held"));
                recorded.countDown();
                try {
                    commit.await(30, TimeUnit.SECONDS); // until the other writer committed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            assertTrue(recorded.await(30, TimeUnit.SECONDS));
            await(db.database().transactions().submit(connection -> {
                events.record(connection, offline("passing"));
                return null;
            }));
            assertEquals(Boolean.TRUE, told.poll(30, TimeUnit.SECONDS), "the passing writer's commit");
            commit.countDown();
            await(held);
            assertEquals(Boolean.TRUE, told.poll(30, TimeUnit.SECONDS), "the held writer's commit, after the other");
        }
        await(db.database().transactions().submit(connection -> {
            events.record(connection, offline("one"));
            return null;
        }));
        assertEquals(Boolean.TRUE, told.poll(30, TimeUnit.SECONDS));
        await(db.database().transactions().submit(connection -> null));
        assertEquals(Boolean.FALSE, told.poll(30, TimeUnit.SECONDS), "a commit that recorded nothing");
        assertEquals(db.isPostgres() ? "3" : "1", StoreTests.scalar(db.database(),
                "SELECT count(*) FROM webhook_events"));
    }

    private static DeskEvent.OfflineMessage offline(String id) {
        return new DeskEvent.OfflineMessage(id, "N", "n@example.com", "hi", Instant.ofEpochMilli(NOW));
    }

    @StoreTest
    void twoNodesClaimDisjointLanesAndAcknowledgedLanesAreReleased(TestDatabase db) throws Exception {
        record(db.database(), 20);
        JdbcWebhookQueue a = new JdbcWebhookQueue(db.database());
        JdbcWebhookQueue b = new JdbcWebhookQueue(db.anotherNode());
        RoundResult onA = await(a.cycle(claim("node-a", List.of(), List.of(), List.of(), 12)));
        RoundResult onB = await(b.cycle(claim("node-b", List.of(), List.of(), List.of(), 12)));
        assertEquals(12, onA.loaded().size());
        assertEquals(8, onB.loaded().size());
        Set<String> both = new HashSet<>(onA.loaded().keySet());
        both.retainAll(onB.loaded().keySet());
        assertTrue(both.isEmpty(), "a lane held by two nodes: " + both);

        List<Event> delivered = new ArrayList<>();
        onA.loaded().values().forEach(delivered::addAll);
        RoundResult acked = await(a.cycle(claim("node-a", delivered, List.of(), List.copyOf(onA.loaded().keySet()),
                0)));
        assertEquals(onA.loaded().keySet(), acked.released());
        assertEquals("8", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_events"));
        assertEquals("8", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_lanes"));
        // Acknowledging again (a node that lost its lease) changes nothing.
        await(a.cycle(claim("node-a", delivered, List.of(), List.of(), 0)));
        assertEquals("8", StoreTests.scalar(db.database(), "SELECT sum(pending) FROM webhook_lanes"));
    }

    @StoreTest
    void deadLettersAreListedAndReplayedWithTheirIds(TestDatabase db) throws Exception {
        record(db.database(), 3);
        JdbcWebhookQueue queue = new JdbcWebhookQueue(db.database());
        RoundResult claimed = await(queue.cycle(claim("node", List.of(), List.of(), List.of(), 10)));
        List<Dead> dead = new ArrayList<>();
        claimed.loaded().values().forEach(events -> events.forEach(event -> dead.add(new Dead(event, 1, "HTTP 410"))));
        await(queue.cycle(claim("node", List.of(), dead, List.copyOf(claimed.loaded().keySet()), 0)));
        Page<JdbcWebhookQueue.DeadLetter> letters = await(queue.deadLetters(0, 10));
        assertEquals(3, letters.total());
        assertEquals("HTTP 410", letters.items().get(0).lastError());
        assertEquals("0", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_lanes"));

        String id = letters.items().get(0).id();
        assertEquals(List.of(id), await(queue.replay(List.of(id, "unknown"), NOW)));
        assertEquals(List.of(), await(queue.replay(List.of(id), NOW)), "a replayed event is no dead letter any more");
        RoundResult again = await(queue.cycle(claim("node", List.of(), List.of(), List.of(), 10)));
        assertEquals(1, again.loaded().size());
        assertEquals(id, again.loaded().values().iterator().next().get(0).id());
        assertEquals(2, await(queue.deadLetters(0, 10)).total());
    }

    @StoreTest
    void groupsOfVisitorMessagesRecordTheirEventsInOrderPerRoomAcrossGroups(TestDatabase db) throws Exception {
        Database database = db.database();
        String ridA = VisitorMessagesTest.openRoom(database, "tok-a");
        String ridB = VisitorMessagesTest.openRoom(database, "tok-b");
        VisitorMessages kind = new VisitorMessages(database.dialect(), TestDeskEvents.configured(database));
        Instant t = Instant.ofEpochMilli(NOW);
        for (List<String[]> group : List.of(
                List.of(new String[] {"tok-a", ridA, "a1"}, new String[] {"tok-b", ridB, "b1"},
                        new String[] {"tok-a", ridA, "a2"}),
                List.of(new String[] {"tok-b", ridB, "b2"}, new String[] {"tok-a", ridA, "a3"}))) {
            List<VisitorMessages.Request> requests = new ArrayList<>();
            for (String[] message : group) {
                t = t.plusMillis(1);
                requests.add(new VisitorMessages.Request(message[0], message[1], message[2], "text " + message[2], t));
            }
            assertTrue(await(database.transactions().submit(connection -> kind.runAll(connection, requests)))
                    .isPresent(), "the group runs set-based");
        }
        assertEquals("3", StoreTests.scalar(database, "SELECT pending FROM webhook_lanes WHERE lane = ?", ridA));
        assertEquals("2", StoreTests.scalar(database, "SELECT pending FROM webhook_lanes WHERE lane = ?", ridB));

        // Two events a load: a room's events come in order across the groups that recorded them.
        JdbcWebhookQueue queue = new JdbcWebhookQueue(database);
        Round first = new Round("node", NOW + 60_000, NOW + 120_000, false, List.of(), List.of(), List.of(),
                List.of(), 10, 2);
        RoundResult loaded = await(queue.cycle(first));
        assertEquals(List.of("a1", "a2"), messageIds(loaded.loaded().get(ridA)));
        assertEquals(List.of("b1", "b2"), messageIds(loaded.loaded().get(ridB)));
        Event a1 = loaded.loaded().get(ridA).get(0);
        assertEquals("Message", a1.type());
        assertEquals("tok-a", json(a1.body()).at("/visitor/token").asText());
        List<Event> delivered = new ArrayList<>(loaded.loaded().get(ridA));
        delivered.addAll(loaded.loaded().get(ridB));
        RoundResult next = await(queue.cycle(new Round("node", NOW + 60_000, NOW + 120_000, false, delivered,
                List.of(), List.of(), List.of(ridA, ridB), 0, 2)));
        assertEquals(Set.of(ridB), next.released());
        assertEquals(List.of("a3"), messageIds(next.loaded().get(ridA)));
    }

    @StoreTest
    void oneRoundAcknowledgesAndLoadsManyLanesAndCountsEachEventOnce(TestDatabase db) throws Exception {
        record(db.database(), 150); // more lanes than one load statement takes
        JdbcWebhookQueue queue = new JdbcWebhookQueue(db.database());
        RoundResult claimed = await(queue.cycle(claim("node", List.of(), List.of(), List.of(), 200)));
        assertEquals(150, claimed.loaded().size());
        List<Event> delivered = new ArrayList<>();
        claimed.loaded().values().forEach(events -> {
            assertEquals(1, events.size());
            delivered.addAll(events);
        });
        List<Event> some = new ArrayList<>(delivered.subList(0, 100));
        some.add(delivered.get(0)); // delivered twice (a re-send): counted once
        List<String> idle = some.stream().map(Event::lane).distinct().toList();
        RoundResult acked = await(queue.cycle(claim("node", some, List.of(), idle, 0)));
        assertEquals(Set.copyOf(idle), acked.released());
        assertEquals("50", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_events"));
        assertEquals("50", StoreTests.scalar(db.database(), "SELECT sum(pending) FROM webhook_lanes"));
        assertEquals("50", StoreTests.scalar(db.database(), "SELECT count(*) FROM webhook_lanes"));
    }

    @StoreTest
    void aLanesNextEventsAreReadFromTheLaneIndexNotFromEveryPendingEvent(TestDatabase db) throws Exception {
        record(db.database(), 20);
        // Bound as the load binds it: with webhook_events_status (status, seq) instead, each lane's load walked
        // every pending event of every lane, and a drain of 1,000,000 all but stopped.
        String sql = JdbcWebhookQueue.loadSql(2).replaceFirst("\\?", "'offline:m1'").replaceFirst("\\?", "100")
                .replaceFirst("\\?", "'offline:m2'").replaceFirst("\\?", "100");
        String plan = StoreTests.plan(db, sql);
        assertTrue(plan.contains("webhook_events_lane") && !plan.contains("webhook_events_status"), plan);
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> messageIds(List<Event> events) {
        return events.stream().map(event -> json(event.body()).at("/messages/0/_id").asText())
                .toList();
    }
}
