package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.store.JdbcChannelStore.Due;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.core.store.JdbcChannelStore.Outbound;
import dev.switchboard.core.store.JdbcChannelStore.Routing;
import dev.switchboard.core.store.JdbcMessageStore.AgentSent;
import dev.switchboard.core.store.JdbcMessageStore.UserSender;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * An agent's message is claimed as soon as it is queued, from the outbox row its send answers, without a look
 * into the outbox ({@link JdbcChannelStore#claim}); a room's messages still reach the app one at a time, in order.
 */
class ChannelHandOverTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final UserSender MANAGER = new UserSender("u-mgr", "mgr", "Manager", true, false);

    @StoreTest
    void aQueuedMessageIsClaimedAtOnceButNeverAheadOfAnOlderOneOfItsRoom(TestDatabase db) throws Exception {
        await(new JdbcVisitorStore(db.database(), Clock.systemUTC()).register(RegistrationRequest.ofToken("tok-h"),
                Durability.SYNCED));
        DeskEvents events = TestDeskEvents.of(db.database());
        JdbcChannelStore store = new JdbcChannelStore(db.database(), new JdbcRoomStore(db.database(), events),
                events);
        String rid = await(store.post("wa", "tok-h", null, new Inbound("wamid.h", "oi",
                "\"channel\":{\"app\":\"wa\",\"direction\":\"in\",\"id\":\"wamid.h\"}"), new Routing(true, false), T0))
                .message().rid();
        JdbcMessageStore messages = new JdbcMessageStore(db.database(), events);
        AgentSent first = await(messages.sendAsUser(MANAGER, rid, "m-1", "first", T0.plusSeconds(1)));
        AgentSent second = await(messages.sendAsUser(MANAGER, rid, "m-2", "second", T0.plusSeconds(2)));
        assertEquals(new Due("m-1", "wa", T0.plusSeconds(1).toEpochMilli()), first.outbox());
        assertEquals(await(store.due(List.of("wa"), T0.plusSeconds(5), 10)), List.of(first.outbox()),
                "the row the send answers is the row a look into the outbox finds");

        Instant lease = T0.plusSeconds(60);
        assertTrue(await(store.claim(second.outbox(), lease)).isEmpty(), "m-2 waits behind m-1");
        Outbound claimed = await(store.claim(first.outbox(), lease)).orElseThrow();
        assertEquals("first", claimed.text());
        assertEquals(1, claimed.attempt());
        assertTrue(await(store.claim(second.outbox(), lease)).isEmpty(), "m-1 is being handed over");
        assertTrue(await(store.claim(first.outbox(), lease)).isEmpty(), "claimed once");

        await(store.accepted("m-1", "wa", "wamid.out.1", T0.plusSeconds(3)));
        Outbound next = await(store.claim(second.outbox(), lease)).orElseThrow();
        assertEquals("second", next.text());
        assertEquals(1, next.attempt());
    }
}
