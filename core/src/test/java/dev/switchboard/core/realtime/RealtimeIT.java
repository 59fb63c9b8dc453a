package dev.switchboard.core.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.StalledSocket;
import dev.switchboard.core.testing.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /websocket} on a real host over real sockets: Meteor's handshake and heartbeat, Rocket.Chat's methods and
 * room streams, access per room, backpressure and bad input. Rooms come from {@link TestRooms}.
 */
class RealtimeIT {
    private static final String ADMIN_TOKEN = "realtime-admin-token-0123456789abcdef";
    private static final String T1 = "visitor-token-one";
    private static final String T2 = "visitor-token-two";
    private static final String NOT_ALLOWED =
            "{\"isClientSafe\":true,\"error\":\"not-allowed\",\"message\":\"[not-allowed]\",\"errorType\":\"Meteor.Error\"}";

    private static final TestRooms rooms = new TestRooms()
            .room("R1", T1, "admin")
            .room("R2", T2, "admin");
    private static TestHost host;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(builder -> builder.adminToken(ADMIN_TOKEN), rooms.options(DdpLimits.DEFAULT));
        port = host.port();
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static void publish(String stream, String eventName, String args) {
        host.host().streams().publish(new StreamEvent(stream, eventName, args));
    }

    @Test
    void theHandshakeIsMeteors() {
        try (DdpClient client = DdpClient.open(port)) {
            assertEquals("{\"server_id\":\"0\"}", client.nextRaw());
            client.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\",\"pre2\",\"pre1\"]}");
            JsonNode connected = client.next();
            assertEquals("connected", connected.get("msg").asText());
            assertEquals(17, connected.get("session").asText().length());
            assertEquals(2, connected.size());
            client.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            assertEquals("{\"msg\":\"error\",\"reason\":\"Already connected\",\"offendingMessage\":"
                    + "{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}}", client.nextRaw());
        }
    }

    @Test
    void anUnsupportedVersionFailsWithTheVersionToUse() {
        try (DdpClient client = DdpClient.open(port)) {
            client.nextRaw();
            client.send("{\"msg\":\"connect\",\"version\":\"2\",\"support\":[\"2\"]}");
            assertEquals("{\"msg\":\"failed\",\"version\":\"1\"}", client.nextRaw());
            client.awaitClose();
        }
        try (DdpClient client = DdpClient.open(port)) {
            client.nextRaw();
            client.send("{\"msg\":\"connect\",\"version\":\"pre1\",\"support\":[\"pre2\",\"pre1\"]}");
            assertEquals("{\"msg\":\"failed\",\"version\":\"pre2\"}", client.nextRaw());
            client.awaitClose();
        }
    }

    @Test
    void pingsArePongedWithTheirId() {
        try (DdpClient client = DdpClient.connected(port)) {
            client.send("{\"msg\":\"ping\",\"id\":\"p-1\"}");
            assertEquals("{\"msg\":\"pong\",\"id\":\"p-1\"}", client.nextRaw());
            client.send("{\"msg\":\"ping\"}");
            assertEquals("{\"msg\":\"pong\"}", client.nextRaw());
            client.send("{\"msg\":\"pong\"}");
            client.assertSilentFor(Duration.ofMillis(200));
        }
    }

    @Test
    void loginWithAResumeTokenAnswersAsMeteor() {
        try (DdpClient client = DdpClient.connected(port)) {
            client.send("{\"msg\":\"method\",\"id\":\"1\",\"method\":\"login\",\"params\":[{\"resume\":\""
                    + ADMIN_TOKEN + "\"}]}");
            assertEquals("{\"msg\":\"updated\",\"methods\":[\"1\"]}", client.nextRaw());
            JsonNode result = client.next().get("result");
            assertEquals("admin", result.get("id").asText());
            assertEquals(ADMIN_TOKEN, result.get("token").asText());
            assertTrue(result.get("tokenExpires").get("$date").asLong() > System.currentTimeMillis());
            assertEquals("resume", result.get("type").asText());
            assertEquals(List.of("id", "token", "tokenExpires", "type"), fieldNames(result));
            // Logged in, the user's rooms may be subscribed to without a visitor token.
            assertEquals("ready", client.subscribe("s1", "stream-room-messages", "[\"R1\",false]").get("msg").asText());
        }
    }

    @Test
    void aWrongResumeTokenIsRefusedAndLogsTheConnectionOut() {
        try (DdpClient client = DdpClient.connected(port)) {
            client.call("1", "login", "[{\"resume\":\"" + ADMIN_TOKEN + "\"}]");
            JsonNode refused = client.call("2", "login", "[{\"resume\":\"not-a-token\"}]");
            assertEquals("{\"msg\":\"result\",\"id\":\"2\",\"error\":{\"isClientSafe\":true,\"error\":403,"
                    + "\"reason\":\"You've been logged out by the server. Please log in again.\",\"message\":"
                    + "\"You've been logged out by the server. Please log in again. [403]\","
                    + "\"errorType\":\"Meteor.Error\"}}", refused.toString());
            assertEquals(NOT_ALLOWED, client.subscribe("s1", "stream-room-messages", "[\"R1\",false]")
                    .get("error").toString());
            assertEquals("Unrecognized options for login request [400]",
                    client.call("3", "login", "[{\"user\":{\"username\":\"admin\"}}]").get("error").get("message").asText());
            assertEquals("Match failed [400]", client.call("4", "login", "[\"x\"]").get("error").get("message").asText());
        }
    }

    @Test
    void setUpConnectionRemembersTheVisitorWhoGoesOfflineOnDisconnect() throws Exception {
        try (DdpClient client = DdpClient.connected(port)) {
            assertEquals("{\"msg\":\"result\",\"id\":\"1\"}",
                    client.call("1", "livechat:setUpConnection", "[{\"token\":\"presence-token\"}]").toString());
            // As Rocket.Chat: the first token stays; the later call is answered and changes nothing.
            client.call("2", "livechat:setUpConnection", "[{\"token\":\"another-token\"}]");
            assertEquals("Match failed [400]", client.call("3", "livechat:setUpConnection", "[{\"token\":1}]")
                    .get("error").get("message").asText());
        }
        awaitTrue(() -> rooms.statuses.contains("presence-token=offline"));
        assertFalse(rooms.statuses.contains("another-token=offline"));
    }

    @Test
    void aSubscriberReceivesTheEventFrameExactly() {
        try (DdpClient visitor = DdpClient.connected(port)) {
            assertEquals("{\"msg\":\"ready\",\"subs\":[\"s1\"]}",
                    visitor.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1).toString());
            publish("stream-room-messages", "R1", "[{\"_id\":\"m1\",\"rid\":\"R1\",\"msg\":\"héllo ✓\"}]");
            assertEquals("{\"msg\":\"changed\",\"collection\":\"stream-room-messages\",\"id\":\"id\",\"fields\":"
                    + "{\"eventName\":\"R1\",\"args\":[{\"_id\":\"m1\",\"rid\":\"R1\",\"msg\":\"héllo ✓\"}]}}",
                    visitor.nextEvent());
            assertEquals("{\"msg\":\"nosub\",\"id\":\"s1\"}", sendAndRead(visitor, "{\"msg\":\"unsub\",\"id\":\"s1\"}"));
            publish("stream-room-messages", "R1", "[{\"_id\":\"m2\"}]");
            visitor.assertSilentFor(Duration.ofMillis(300));
        }
    }

    @Test
    void aSubscriptionToSomeoneElsesRoomIsRefused() {
        try (DdpClient visitor = DdpClient.connected(port)) {
            JsonNode refused = visitor.subscribeAsVisitor("s1", "stream-room-messages", "R2", T1);
            assertEquals("{\"msg\":\"nosub\",\"id\":\"s1\",\"error\":" + NOT_ALLOWED + "}", refused.toString());
            assertEquals(NOT_ALLOWED, visitor.subscribeAsVisitor("s2", "stream-notify-room", "R2/typing", T1)
                    .get("error").toString());
            assertEquals(NOT_ALLOWED, visitor.subscribe("s3", "stream-livechat-room", "[\"R1\"]").get("error").toString());
            assertEquals("Subscription 'stream-notify-all' not found [404]",
                    visitor.subscribe("s4", "stream-notify-all", "[\"x\"]").get("error").get("message").asText());
            assertEquals("{\"isClientSafe\":true,\"error\":\"invalid-event-name\",\"message\":\"[invalid-event-name]\","
                    + "\"errorType\":\"Meteor.Error\"}",
                    visitor.subscribe("s5", "stream-room-messages", "[\"\"]").get("error").toString());
        }
    }

    @Test
    void aSubscriberNeverHearsAnotherRoom() {
        try (DdpClient one = DdpClient.connected(port); DdpClient two = DdpClient.connected(port)) {
            one.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            one.subscribeAsVisitor("s2", "stream-livechat-room", "R1", T1);
            two.subscribeAsVisitor("s1", "stream-room-messages", "R2", T2);
            publish("stream-room-messages", "R2", "[{\"_id\":\"for-two\"}]");
            publish("stream-livechat-room", "R2", "[{\"type\":\"agentData\"}]");
            publish("stream-room-messages", "R1", "[{\"_id\":\"for-one\"}]");
            assertTrue(one.nextEvent().contains("for-one"), "R2's events come before R1's, yet one hears R1's first");
            assertTrue(two.nextEvent().contains("for-two"));
            one.assertSilentFor(Duration.ofMillis(300));
        }
    }

    @Test
    void typingIsRelayedToTheRoomsOtherSubscribersOnly() {
        try (DdpClient visitor = DdpClient.connected(port); DdpClient agent = DdpClient.connected(port)) {
            visitor.subscribeAsVisitor("s1", "stream-notify-room", "R1/typing", T1);
            agent.call("1", "login", "[{\"resume\":\"" + ADMIN_TOKEN + "\"}]");
            agent.subscribe("s1", "stream-notify-room", "[\"R1/typing\",false]");
            agent.subscribe("s2", "stream-notify-room", "[\"R2/typing\",false]");

            JsonNode answer = visitor.call("m1", "stream-notify-room",
                    "[\"R1/typing\",\"guest-1\",true,{\"token\":\"" + T1 + "\"}]");
            assertEquals("{\"msg\":\"result\",\"id\":\"m1\"}", answer.toString());
            assertEquals("{\"msg\":\"changed\",\"collection\":\"stream-notify-room\",\"id\":\"id\",\"fields\":"
                    + "{\"eventName\":\"R1/typing\",\"args\":[\"guest-1\",true]}}", agent.nextEvent());
            // A room that is not the visitor's: answered as Rocket.Chat does (no error), relayed to no one.
            visitor.call("m2", "stream-notify-room", "[\"R2/typing\",\"guest-1\",true,{\"token\":\"" + T1 + "\"}]");
            // An agent may only type as themselves.
            agent.call("m3", "stream-notify-room", "[\"R1/typing\",\"someone-else\",true]");
            agent.call("m4", "stream-notify-room", "[\"R1/typing\",\"admin\",false]");
            assertTrue(visitor.nextEvent().contains("[\"admin\",false]"));
            agent.assertSilentFor(Duration.ofMillis(300));
            visitor.assertSilentFor(Duration.ofMillis(100));
        }
    }

    @Test
    void otherMethodsAnswerAsRocketChat() {
        try (DdpClient client = DdpClient.connected(port)) {
            assertEquals("{\"msg\":\"result\",\"id\":\"1\"}", client.call("1", "UserPresence:online", "[]").toString());
            assertEquals("{\"msg\":\"result\",\"id\":\"2\",\"error\":{\"isClientSafe\":true,\"error\":404,"
                    + "\"reason\":\"Method 'nope' not found\",\"message\":\"Method 'nope' not found [404]\","
                    + "\"errorType\":\"Meteor.Error\"}}", client.call("2", "nope", "[]").toString());
            assertEquals("{\"msg\":\"updated\",\"methods\":[\"2\"]}", client.nextRaw());
        }
    }

    @Test
    void aSlowConsumerIsDroppedWhileAFastOneKeepsUp() throws Exception {
        try (DdpClient fast = DdpClient.connected(port); StalledSocket slow = new StalledSocket(port)) {
            fast.subscribeAsVisitor("s1", "stream-room-messages", "R1", T1);
            slow.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            slow.send("{\"msg\":\"sub\",\"id\":\"s1\",\"name\":\"stream-room-messages\",\"params\":[\"R1\","
                    + "{\"useCollection\":false,\"args\":[{\"visitorToken\":\"" + T1 + "\"}]}]}");
            slow.readUntil("\"ready\"");
            String filler = "x".repeat(16 * 1024);
            int events = 600; // 10 MB: more than the stalled socket's buffers and its allowance together
            int window = 8; // the publisher waits for the fast consumer, as a chat's pace would
            for (int i = 0; i < events; i++) {
                publish("stream-room-messages", "R1", "[{\"_id\":\"n" + i + "\",\"msg\":\"" + filler + "\"}]");
                if (i >= window) {
                    assertTrue(fast.nextEvent().contains("\"n" + (i - window) + "\""), "out of order");
                }
            }
            for (int i = events - window; i < events; i++) {
                assertTrue(fast.nextEvent().contains("\"n" + i + "\""), "out of order");
            }
            // The stalled client, reading at last, finds the server gave up on it: fewer events, then 1013.
            String received = slow.readUntil("Too slow");
            int delivered = received.split("\"msg\":\"changed\"", -1).length - 1;
            assertTrue(delivered < events, "the stalled client got all " + events + " events");
            assertTrue(received.endsWith("\u0003\u00f5"), "close code 1013 precedes the reason");
        }
    }

    @Test
    void framesThatAreNotDdpGetErrorsThenTheDoor() {
        try (DdpClient client = DdpClient.open(port)) {
            client.nextRaw();
            client.send("{\"msg\":\"sub\",\"id\":\"1\",\"name\":\"stream-room-messages\"}");
            assertEquals("Must connect first", client.next().get("reason").asText());
            client.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            client.next();
            client.send("not json");
            assertEquals("{\"msg\":\"error\",\"reason\":\"Bad request\"}", client.nextRaw());
            client.send("{\"foo\":1}");
            assertEquals("{\"msg\":\"error\",\"reason\":\"Bad request\",\"offendingMessage\":{\"foo\":1}}",
                    client.nextRaw());
            client.send("{\"msg\":\"method\",\"id\":1,\"method\":\"login\"}");
            assertEquals("Malformed method invocation", client.next().get("reason").asText());
            client.send("{\"msg\":\"sub\",\"id\":\"1\",\"name\":\"stream-room-messages\",\"params\":{}}");
            assertEquals("Malformed subscription", client.next().get("reason").asText());
            client.send("{\"msg\":\"teleport\"}");
            assertEquals("Bad request", client.next().get("reason").asText());
            for (int i = 0; i < DdpLimits.DEFAULT.maxBadMessages(); i++) {
                try {
                    client.send("[]");
                } catch (CompletionException e) { // the bad messages above count too: the door may be shut already
                    break;
                }
            }
            assertEquals(1008, client.awaitClose());
        }
    }

    @Test
    void aMessageOverTheLimitClosesTheConnection() {
        try (DdpClient client = DdpClient.connected(port)) {
            client.send("{\"msg\":\"ping\",\"id\":\"" + "x".repeat(DdpLimits.DEFAULT.maxMessageBytes()) + "\"}");
            assertEquals(1009, client.awaitClose());
        }
        try (DdpClient client = DdpClient.connected(port)) {
            client.send("{\"msg\":\"ping\",\"id\":\"still-served\"}");
            assertEquals("{\"msg\":\"pong\",\"id\":\"still-served\"}", client.nextRaw());
        }
    }

    @Test
    void aPlainGetIsTold400() {
        Response response = host.client().get("/websocket");
        assertEquals(400, response.status());
        assertEquals("{\"success\":false,\"error\":\"Can \\\"Upgrade\\\" only to \\\"WebSocket\\\".\"}",
                response.json().toString());
    }

    @Test
    void theServerPingsSilentClientsAndClosesDeadOnes() throws Exception {
        DdpLimits quick = new DdpLimits(Duration.ofMillis(400), 100, 64 * 1024, 1 << 20, 10, 64);
        try (TestHost heartbeatHost = TestHost.start(builder -> builder, new TestRooms().options(quick));
             DdpClient client = DdpClient.connected(heartbeatHost.port())) {
            assertEquals("{\"msg\":\"ping\"}", client.nextRaw());
            client.send("{\"msg\":\"pong\"}");
            assertEquals("{\"msg\":\"ping\"}", client.nextRaw()); // alive: pinged again, not closed
            assertEquals(1001, client.awaitClose()); // this time it did not answer
        }
    }

    private static String sendAndRead(DdpClient client, String json) {
        client.send(json);
        return client.nextRaw();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
