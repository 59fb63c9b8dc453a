package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.store.JdbcChannelStore.ChannelPost;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.core.store.JdbcChannelStore.PostResult;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcChannelStore.Refusal;
import dev.switchboard.core.store.JdbcChannelStore.Routing;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A channel app's batch of inbound messages is written set-based ({@link ChannelPosts}) with the outcome each
 * message would have had posted alone at its place in the list, on both databases.
 */
class ChannelPostsTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Routing QUEUE = new Routing(true, false);

    private static DeskEvents events;

    private static JdbcChannelStore store(TestDatabase db, String... tokens) throws Exception {
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        for (String token : tokens) {
            await(visitors.register(RegistrationRequest.ofToken(token), Durability.SYNCED));
        }
        events = TestDeskEvents.configured(db.database());
        return new JdbcChannelStore(db.database(), new JdbcRoomStore(db.database(), events), events);
    }

    private static ChannelPost post(String token, String channelMessageId, String text) {
        return new ChannelPost(token, "WhatsApp", new Inbound(channelMessageId, text, "\"channel\":{\"app\":\"wa\","
                + "\"direction\":\"in\",\"id\":\"" + channelMessageId + "\"}"));
    }

    @StoreTest
    void aBatchAnswersEachMessageAsAPostAloneWouldInListOrder(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-a", "tok-b", "tok-w");
        Posted stored = await(store.post("wa", "tok-a", "WhatsApp", post("tok-a", "wamid.0", "zero").inbound(),
                QUEUE, T0));
        String ridA = stored.message().rid();
        await(store.post("other", "tok-w", null, post("tok-w", "x.1", "hi").inbound(), QUEUE, T0));
        String webhookRows = scalar(db.database(), "SELECT count(*) FROM webhook_events WHERE type = 'Message'");

        Instant now = T0.plusSeconds(10);
        List<PostResult> results = await(store.postAll("wa", List.of(
                post("tok-a", "wamid.a1", "one"),
                post("nobody", "wamid.n1", "who"),
                post("tok-w", "wamid.w1", "taken"),
                post("tok-a", "wamid.0", "zero, again"),
                post("tok-b", "wamid.b1", "bee"),
                post("tok-a", "wamid.a2", "two"),
                post("tok-b", "wamid.a1", "one, repeated by another visitor"),
                post("tok-a", "wamid.a3", "three")), QUEUE, now));

        assertEquals(8, results.size());
        Posted a1 = results.get(0).posted();
        assertTrue(a1.created());
        assertEquals(ridA, a1.message().rid());
        assertNull(a1.opened(), "the visitor's open room is kept");
        assertEquals(now, a1.message().ts());
        assertEquals(Refusal.UNKNOWN_VISITOR, results.get(1).refusal());
        assertNull(results.get(1).posted());
        assertEquals(Refusal.ROOM_TAKEN, results.get(2).refusal());
        Posted again = results.get(3).posted();
        assertFalse(again.created(), "an id stored before answers the stored message");
        assertEquals(stored.message().id(), again.message().id());
        assertEquals("zero", again.message().msg());
        assertNull(again.opened());
        Posted b1 = results.get(4).posted();
        assertTrue(b1.created());
        assertTrue(b1.opened().created(), "tok-b had no room: the batch opened it");
        Posted a2 = results.get(5).posted();
        assertEquals(now.plusMillis(1), a2.message().ts(), "a room's messages keep the list's order");
        Posted repeated = results.get(6).posted();
        assertFalse(repeated.created(), "an id repeated within the list is stored once");
        assertEquals(a1.message().id(), repeated.message().id());
        assertEquals(now.plusMillis(2), results.get(7).posted().message().ts());

        assertEquals("zero,one,two,three", scalar(db.database(), "SELECT " + (db.isPostgres()
                ? "string_agg(msg, ',' ORDER BY ts)" : "group_concat(msg, ',')") + " FROM (SELECT msg, ts FROM "
                + "messages WHERE rid = ? AND t IS NULL ORDER BY ts) AS m", ridA));
        assertEquals("5", scalar(db.database(), "SELECT msgs FROM rooms WHERE id = ?", ridA),
                "the room counts its messages: its start, the first one and three now");
        assertEquals(Long.toString(now.plusMillis(2).toEpochMilli()),
                scalar(db.database(), "SELECT lm FROM rooms WHERE id = ?", ridA));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms WHERE visitor_token = 'tok-w'"),
                "the refused message opened nothing");
        assertEquals("5", scalar(db.database(), "SELECT count(*) FROM messages WHERE channel_app_id = 'wa'"));
        assertEquals(Integer.toString(Integer.parseInt(webhookRows) + 4), scalar(db.database(),
                "SELECT count(*) FROM webhook_events WHERE type = 'Message'"), "one event per stored message");
    }

    @StoreTest
    void aRoomOpenedInTheBatchHoldsItsMessagesAfterItsStart(TestDatabase db) throws Exception {
        JdbcChannelStore store = store(db, "tok-n");
        List<PostResult> results = await(store.postAll("wa", List.of(
                post("tok-n", "wamid.n1", "first"),
                post("tok-n", "wamid.n2", "second")), QUEUE, T0));

        Posted first = results.get(0).posted();
        Posted second = results.get(1).posted();
        assertTrue(first.opened().created());
        assertNull(second.opened(), "the room is opened once, by the first message");
        String rid = first.message().rid();
        assertEquals(rid, second.message().rid());
        assertEquals(T0.plusMillis(2), first.message().ts(), "after the room's start message");
        assertEquals(T0.plusMillis(3), second.message().ts());
        assertEquals("livechat-started", scalar(db.database(), "SELECT t FROM messages WHERE rid = ? ORDER BY ts "
                + "LIMIT 1", rid));
        assertEquals("3", scalar(db.database(), "SELECT msgs FROM rooms WHERE id = ?", rid));
        assertEquals("1", scalar(db.database(), "SELECT count(*) FROM rooms WHERE visitor_token = 'tok-n'"));
    }

    @StoreTest
    void aChannelIdAnotherWriterStoredMeanwhileAnswersItsMessageAndTheRestIsStored(TestDatabase db)
            throws Exception {
        JdbcChannelStore store = store(db, "tok-r", "tok-s");
        String rid = await(store.post("wa", "tok-s", null, post("tok-s", "wamid.s0", "s").inbound(), QUEUE, T0))
                .message().rid();
        JdbcRoomStore rooms = new JdbcRoomStore(db.database(), events);
        // Stands for another node: it stores wamid.r2 after the batch looked for stored ids, before it inserts.
        ChannelPosts posts = new ChannelPosts(db.database().dialect(), events, (connection, appId, caller, alias,
                routing, now) -> {
            List<Message> theirs = List.of(new Message("m-theirs", rid, null, "theirs", caller.sender(), "tok-s",
                    null, now, now, null, null, null));
            ConversationRows.appendAll(connection, theirs, appId, List.of("wamid.r2"));
            ConversationRows.countAll(connection, theirs);
            return rooms.openIn(connection, caller, new Room.Source(JdbcChannelStore.APP_SOURCE, appId, alias),
                    routing.acceptWithoutAgents(), routing.autoSelection(), null, now);
        });

        List<PostResult> results = await(db.database().transactions().submit(connection -> posts.postAll(
                connection, "wa", List.of(post("tok-r", "wamid.r1", "one"), post("tok-r", "wamid.r2", "two"),
                        post("tok-r", "wamid.r3", "three"), post("tok-s", "wamid.r2", "repeat")), QUEUE,
                T0.plusSeconds(1))));

        assertTrue(results.get(0).posted().created());
        assertTrue(results.get(0).posted().opened().created());
        assertFalse(results.get(1).posted().created());
        assertEquals("m-theirs", results.get(1).posted().message().id(), "the first one stored wins");
        assertTrue(results.get(2).posted().created());
        assertEquals("m-theirs", results.get(3).posted().message().id());
        String ridR = results.get(0).posted().message().rid();
        assertEquals("3", scalar(db.database(), "SELECT msgs FROM rooms WHERE id = ?", ridR),
                "started, one and three");
        assertEquals("2", scalar(db.database(), "SELECT count(*) FROM messages WHERE rid = ? AND "
                + "channel_message_id IS NOT NULL", ridR));
    }
}
