package dev.switchboard.core.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.TwoNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two hosts on one PostgreSQL database: an event published on node A reaches websockets on node B, in order. */
class RealtimeClusterIT {
    private static final String T1 = "cluster-visitor-token";
    private static final TestRooms rooms = new TestRooms().room("R1", T1).room("R2", "someone-else");
    private static TwoNodes nodes;
    private static TestHost a;
    private static TestHost b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start(builder -> builder, rooms.options(DdpLimits.DEFAULT));
        a = nodes.a();
        b = nodes.b();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void anEventPublishedOnAReachesASubscriberOnB() {
        try (DdpClient onA = DdpClient.connected(a.port()); DdpClient onB = DdpClient.connected(b.port())) {
            onA.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            onB.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            a.host().streams().publish(new StreamEvent("stream-room-messages", "R1", "[{\"_id\":\"m1\",\"msg\":\"hi\"}]"));
            String frame = "{\"msg\":\"changed\",\"collection\":\"stream-room-messages\",\"id\":\"id\",\"fields\":"
                    + "{\"eventName\":\"R1\",\"args\":[{\"_id\":\"m1\",\"msg\":\"hi\"}]}}";
            assertEquals(frame, onB.nextEvent());
            assertEquals(frame, onA.nextEvent()); // the publishing node's own subscribers hear it the same way
        }
    }

    @Test
    void everyNodeHearsOneRoomsEventsInPublishOrderBigOnesIncluded() {
        try (DdpClient onA = DdpClient.connected(a.port()); DdpClient onB = DdpClient.connected(b.port())) {
            onA.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            onB.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            int events = 200;
            for (int i = 0; i < events; i++) {
                // Every third one is far over PostgreSQL's 8000-byte notification limit.
                String text = i % 3 == 0 ? "é😀".repeat(6_000) : "short";
                a.host().streams().publish(new StreamEvent("stream-room-messages", "R1",
                        "[{\"_id\":\"n" + i + "\",\"msg\":\"" + text + "\"}]"));
            }
            for (DdpClient client : new DdpClient[] {onA, onB}) {
                for (int i = 0; i < events; i++) {
                    String frame = client.nextEvent();
                    assertTrue(frame.contains("\"_id\":\"n" + i + "\""), "expected n" + i + " but got "
                            + frame.substring(0, Math.min(120, frame.length())));
                }
            }
        }
    }

    @Test
    void eventsPublishedOnBothNodesAtOnceArriveInOneOrderEverywhere() throws Exception {
        try (DdpClient onA = DdpClient.connected(a.port()); DdpClient onB = DdpClient.connected(b.port())) {
            onA.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            onB.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            int each = 100;
            Thread fromB = new Thread(() -> publishSeries(b, "b", each));
            fromB.start();
            publishSeries(a, "a", each);
            fromB.join();
            List<String> heardOnA = ids(onA, 2 * each);
            assertEquals(heardOnA, ids(onB, 2 * each));
            assertEquals(series("a", each), heardOnA.stream().filter(id -> id.startsWith("a")).toList());
            assertEquals(series("b", each), heardOnA.stream().filter(id -> id.startsWith("b")).toList());
        }
    }

    private static void publishSeries(TestHost node, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            node.host().streams().publish(new StreamEvent("stream-room-messages", "R1",
                    "[{\"_id\":\"" + prefix + i + "\"}]"));
        }
    }

    private static List<String> series(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    private static List<String> ids(DdpClient client, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(DdpClient.parse(client.nextEvent()).get("fields").get("args").get(0).get("_id").asText());
        }
        return ids;
    }

    @Test
    void typingOnAReachesBButNotItsOwnSender() {
        try (DdpClient visitorOnA = DdpClient.connected(a.port()); DdpClient otherTabOnB = DdpClient.connected(b.port())) {
            visitorOnA.subscribeAsVisitor("s1", "stream-notify-room", "R1/typing", T1);
            otherTabOnB.subscribeAsVisitor("s1", "stream-notify-room", "R1/typing", T1);
            visitorOnA.call("m1", "stream-notify-room", "[\"R1/typing\",\"guest-1\",true,{\"token\":\"" + T1 + "\"}]");
            assertEquals("{\"msg\":\"changed\",\"collection\":\"stream-notify-room\",\"id\":\"id\",\"fields\":"
                    + "{\"eventName\":\"R1/typing\",\"args\":[\"guest-1\",true]}}", otherTabOnB.nextEvent());
            visitorOnA.assertSilentFor(Duration.ofMillis(500));
        }
    }
}
