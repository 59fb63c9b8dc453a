package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.store.JdbcRoomRouting.Actor;
import dev.switchboard.core.store.JdbcRoomRouting.Target;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Agents acting on rooms ({@link JdbcRoomRouting}) on SQLite and PostgreSQL: a take, a forward and a close of one
 * room at once, on two nodes, end in a state one order of them gives.
 */
class RoomRoutingStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Actor MANAGER = new Actor("manager", "manager", "Manager", true, true);

    @StoreTest
    void aTakeAForwardAndACloseAtOnceLeaveOneConsistentRoom(TestDatabase db) throws Exception {
        InquiryStoreTest.agent(db.database(), "taker");
        InquiryStoreTest.agent(db.database(), "target");
        JdbcInquiryStore takes = new JdbcInquiryStore(db.database(), TestDeskEvents.of(db.database()));
        JdbcRoomRouting onA = new JdbcRoomRouting(db.database(), TestDeskEvents.of(db.database()));
        JdbcRoomRouting onB = new JdbcRoomRouting(db.anotherNode(), TestDeskEvents.of(db.anotherNode()));
        for (int round = 0; round < 12; round++) {
            String inquiryId = InquiryStoreTest.queuedRoom(db.database(), "tok-" + round);
            String rid = scalar(db.database(), "SELECT rid FROM inquiries WHERE id = ?", inquiryId);
            Instant now = T0.plusSeconds(round + 1);
            List<CompletableFuture<?>> all = List.of(
                    takes.take(inquiryId, "taker", now),
                    onB.forward(MANAGER, rid, new Target(null, "target", null), false, now),
                    round % 3 == 0 ? onA.closeByUser(MANAGER, rid, null, List.of(), now)
                            : CompletableFuture.completedFuture(null));
            for (CompletableFuture<?> call : all) {
                call.handle((done, failure) -> null).get();
            }
            boolean open = "1".equals(scalar(db.database(), "SELECT count(*) FROM rooms WHERE id = ? AND open", rid));
            String members = scalar(db.database(), "SELECT count(*) FROM room_members WHERE rid = ?", rid);
            if (!open) {
                assertEquals("0", members, "closing empties the room");
                assertEquals("0", scalar(db.database(), "SELECT count(*) FROM inquiries WHERE rid = ?", rid));
                continue;
            }
            String servedBy = scalar(db.database(), "SELECT served_by_id FROM rooms WHERE id = ?", rid);
            assertEquals("target", servedBy, "a take first is forwarded on; a forward first leaves nothing to take");
            assertEquals("1", members, "only the serving agent is in the room");
            assertEquals(servedBy, scalar(db.database(), "SELECT user_id FROM room_members WHERE rid = ?", rid));
            assertEquals("taken", scalar(db.database(), "SELECT status FROM inquiries WHERE rid = ?", rid));
            assertEquals("2", scalar(db.database(), "SELECT users_count FROM rooms WHERE id = ?", rid),
                    "the visitor and one agent");
        }
    }
}
