package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.conversation.ChannelRoomTakenException;
import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.store.JdbcChannelStore.ChannelPost;
import dev.switchboard.core.store.JdbcChannelStore.Due;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.core.store.JdbcChannelStore.Outbound;
import dev.switchboard.core.store.JdbcChannelStore.PostResult;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcChannelStore.Refusal;
import dev.switchboard.core.store.JdbcChannelStore.Routing;
import dev.switchboard.core.store.JdbcMessageStore.UserSender;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Channel apps' rooms, inbound messages, outbox and receipts ({@link JdbcChannelStore}) on SQLite and PostgreSQL. */
class ChannelStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Routing QUEUE = new Routing(true, false);
    private static final UserSender MANAGER = new UserSender("u-mgr", "mgr", "Manager", true, false);

    private static JdbcChannelStore store(TestDatabase db, String... tokens) throws Exception {
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        for (String token : tokens) {
            await(visitors.register(RegistrationRequest.ofToken(token), Durability.SYNCED));
        }
        DeskEvents events = TestDeskEvents.of(db.database());
        return new JdbcChannelStore(db.database(), new JdbcRoomStore(db.database(), events), events);
    }

    private static Inbound text(String id, String text) {
        return new Inbound(id, text, "\"channel\":{\"app\":\"wa\",\"direction\":\"in\",\"id\":\"" + id + "\"}");
    }

    @StoreTest
    void concurrentPostsOfOneChannelMessageStoreItOnceInOneRoom(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-a");
        List<CompletableFuture<Posted>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(store.post("wa", "tok-a", "WhatsApp", text("wamid.1", "oi"), QUEUE, T0));
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (CompletableFuture<Posted> call : calls) {
            Posted posted = await(call);
            ids.add(posted.message().id());
            created += posted.created() ? 1 : 0;
        }
        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM messages WHERE channel_message_id = ?",
                "wamid.1"));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms WHERE source_type = 'app' AND "
                + "source_id = 'wa' AND source_alias = 'WhatsApp'"));
        // Another app may use the same channel id: it is keyed by app, and the room is the first app's.
        ExecutionException taken = assertThrows(ExecutionException.class,
                () -> store.post("other", "tok-a", null, text("wamid.1", "oi"), QUEUE, T0).get());
        assertTrue(taken.getCause() instanceof ChannelRoomTakenException, taken::toString);
    }

    @StoreTest
    void agentMessagesWaitInOrderPerRoomAndAreClaimedOnce(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-b");
        String rid = await(store.post("wa", "tok-b", null, text("wamid.2", "oi"), QUEUE, T0)).message().rid();
        JdbcMessageStore messages = new JdbcMessageStore(db.database(), TestDeskEvents.of(db.database()));
        assertTrue(await(messages.sendAsUser(MANAGER, rid, "m-1", "first", T0.plusSeconds(1))).queued());
        assertTrue(await(messages.sendAsUser(MANAGER, rid, "m-2", "second", T0.plusSeconds(2))).queued());
        assertFalse(await(messages.sendAsUser(MANAGER, rid, "m-1", "first", T0.plusSeconds(3))).queued(),
                "a retried send is not queued twice");

        List<Due> due = await(store.due(List.of("wa"), T0.plusSeconds(5), 10));
        assertEquals(List.of("m-1"), due.stream().map(Due::messageId).toList(), "only the oldest of a room");
        assertTrue(await(store.due(List.of("other"), T0.plusSeconds(5), 10)).isEmpty());
        Outbound claimed = await(store.claim(due.get(0), T0.plusSeconds(60))).orElseThrow();
        assertEquals(1, claimed.attempt());
        assertEquals("first", claimed.text());
        assertEquals("tok-b", claimed.visitorToken());
        assertEquals(T0.plusMillis(2), claimed.lastInboundAt(), "after the new room's own messages");
        assertTrue(await(store.claim(due.get(0), T0.plusSeconds(60))).isEmpty(), "claimed once");
        assertTrue(await(store.due(List.of("wa"), T0.plusSeconds(5), 10)).isEmpty(), "m-2 waits behind m-1");

        assertEquals("accepted", status(db, "m-1", await(store.accepted("m-1", "wa", "wamid.out.1",
                T0.plusSeconds(6))).orElseThrow().extraJson()));
        assertEquals(List.of("m-2"), await(store.due(List.of("wa"), T0.plusSeconds(7), 10)).stream()
                .map(Due::messageId).toList());
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM channel_outbox"));
    }

    @StoreTest
    void receiptsOnlyMoveAStatusForward(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-c");
        String rid = await(store.post("wa", "tok-c", null, text("wamid.3", "oi"), QUEUE, T0)).message().rid();
        await(new JdbcMessageStore(db.database(), TestDeskEvents.of(db.database())).sendAsUser(MANAGER, rid, "m-3", "olá", T0.plusSeconds(1)));
        await(store.accepted("m-3", "wa", "wamid.out.3", T0.plusSeconds(2)));

        assertFalse(await(store.receipt("wa", "wamid.3", "read", null, null, T0)).known(), "an inbound message");
        assertFalse(await(store.receipt("other", "wamid.out.3", "read", null, null, T0)).known(), "another app's");
        assertTrue(await(store.receipt("wa", "wamid.out.3", "read", T0.plusSeconds(4), null, T0)).changed() != null);
        assertNull(await(store.receipt("wa", "wamid.out.3", "delivered", null, null, T0)).changed());
        assertNull(await(store.receipt("wa", "wamid.out.3", "failed", null,
                new ChannelStatus.Error("131026", "Undeliverable", null), T0)).changed(), "read stays read");
        assertEquals("read", scalar(db.database(), "SELECT channel_status FROM messages WHERE id = 'm-3'"));
        assertEquals(String.valueOf(T0.plusSeconds(4).toEpochMilli()),
                scalar(db.database(), "SELECT channel_status_at FROM messages WHERE id = 'm-3'"));
    }

    @StoreTest
    void erasingAVisitorTakesItsWaitingAgentMessagesWithIt(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-d");
        String rid = await(store.post("wa", "tok-d", null, text("wamid.4", "oi"), QUEUE, T0)).message().rid();
        await(new JdbcMessageStore(db.database(), TestDeskEvents.of(db.database())).sendAsUser(MANAGER, rid, "m-4", "olá", T0.plusSeconds(1)));
        assertTrue(await(new JdbcVisitorStore(db.database(), Clock.systemUTC()).eraseByToken("tok-d")).isPresent());
        assertEquals("0", scalar(db.database(), "SELECT count(*) FROM channel_outbox"));
        assertTrue(await(store.accepted("m-4", "wa", null, T0)).isEmpty());
        assertTrue(await(store.findRoom("wa", rid)).isEmpty());
    }

    private static String status(TestDatabase db, String id, String extra) throws Exception {
        assertTrue(extra.startsWith("\"channel\":{\"app\":\"wa\",\"direction\":\"out\""), extra);
        return scalar(db.database(), "SELECT channel_status FROM messages WHERE id = ?", id);
    }

    @StoreTest
    void postAllStoresEachMessageAsPostWouldAndRefusesOnlyTheOnesPostFailsFor(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-c", "tok-d", "tok-e");
        await(store.post("other", "tok-e", null, text("x.1", "hi"), QUEUE, T0)); // tok-e's open room: another app's
        List<ChannelPost> posts = List.of(
                new ChannelPost("tok-c", "WhatsApp", text("wamid.c1", "one")),
                new ChannelPost("tok-e", "WhatsApp", text("wamid.e1", "taken")),
                new ChannelPost("nobody", "WhatsApp", text("wamid.n1", "who")),
                new ChannelPost("tok-c", "WhatsApp", text("wamid.c2", "two")),
                new ChannelPost("tok-c", "WhatsApp", text("wamid.c1", "one, repeated")),
                new ChannelPost("tok-d", "WhatsApp", text("wamid.d1", "three")));
        List<PostResult> results = await(store.postAll("wa", posts, QUEUE, T0));

        assertEquals(6, results.size());
        Posted c1 = results.get(0).posted();
        assertTrue(c1.created());
        assertTrue(c1.opened().created(), "the room was opened in the same transaction");
        assertEquals(Refusal.ROOM_TAKEN, results.get(1).refusal());
        assertEquals(Refusal.UNKNOWN_VISITOR, results.get(2).refusal());
        Posted c2 = results.get(3).posted();
        assertTrue(c2.created());
        assertEquals(c1.message().rid(), c2.message().rid());
        assertTrue(c2.message().ts().isAfter(c1.message().ts()), "a visitor's messages keep the list's order");
        assertFalse(results.get(4).posted().created(), "a repeated id within the list is stored once");
        assertEquals(c1.message().id(), results.get(4).posted().message().id());
        assertTrue(results.get(5).posted().created());
        assertEquals("3", scalar(db.database(), "SELECT count(*) FROM messages WHERE channel_app_id = 'wa'"));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms WHERE visitor_token = 'tok-e'"),
                "the refused message opened nothing");

        List<PostResult> again = await(store.postAll("wa", posts, QUEUE, T0.plusSeconds(1)));
        assertTrue(again.stream().allMatch(r -> r.posted() == null || !r.posted().created()), "a retry adds nothing");
        assertEquals("3", scalar(db.database(), "SELECT count(*) FROM messages WHERE channel_app_id = 'wa'"));
    }
}
