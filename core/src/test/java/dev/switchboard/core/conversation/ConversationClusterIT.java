package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.send;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Await;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TwoNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hosts on one PostgreSQL database, with real rooms and messages: what a visitor sends on one node reaches
 * websockets on the other, an agent's reply comes back, and a room opened on one node shows in the visitor's
 * {@code lastChat} on the other at once (the cached visitor is forgotten on every node).
 */
class ConversationClusterIT {
    private static TwoNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN), null);
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    /** The next message event on {@code client} carrying {@code text}, as the message. */
    private static JsonNode message(DdpClient client, String rid, String text) {
        JsonNode event = client.next(frame -> "changed".equals(frame.path("msg").asText())
                && rid.equals(frame.path("fields").path("eventName").asText())
                && text.equals(frame.path("fields").path("args").path(0).path("msg").asText()));
        assertEquals("stream-room-messages", event.get("collection").asText());
        return event.get("fields").get("args").get(0);
    }

    @Test
    void aVisitorsMessageOnAReachesSocketsOnBAndAnAgentsReplyOnBReachesTheVisitorOnA() {
        ApiClient onA = nodes.a().client();
        String token = visitor(onA, "Nadia Cluster");
        String rid = openRoom(onA, token).get("_id").asText();

        // An agent created and logged in through node B, its login used on B's websocket.
        ApiClient adminOnB = new Operators(nodes.b()).admin();
        ok(adminOnB.post("/api/v1/users.create", Json.of(Map.of("username", "cluster-agent", "name", "Cluster Agent",
                "email", "cluster-agent@example.com", "password", "cluster-password", "roles", List.of("agent")))));
        ApiClient.Response loggedIn = nodes.b().client().post("/api/v1/login",
                Json.of(Map.of("user", "cluster-agent", "password", "cluster-password")));
        assertEquals(200, loggedIn.status(), loggedIn::toString);
        JsonNode login = loggedIn.json().get("data");
        ApiClient agentOnB = nodes.b().client().withHeaders(Map.of("X-User-Id", login.get("userId").asText(),
                "X-Auth-Token", login.get("authToken").asText()));

        try (DdpClient visitorOnA = DdpClient.connected(nodes.a().port());
             DdpClient visitorOnB = DdpClient.connected(nodes.b().port());
             DdpClient agentSocketOnB = DdpClient.connected(nodes.b().port())) {
            assertEquals("ready", visitorOnA.subscribeAsVisitor("s1", "stream-room-messages", rid, token)
                    .get("msg").asText());
            assertEquals("ready", visitorOnB.subscribeAsVisitor("s1", "stream-room-messages", rid, token)
                    .get("msg").asText());
            assertNull(agentSocketOnB.call("l1", "login",
                    "[{\"resume\":\"" + login.get("authToken").asText() + "\"}]").get("error"));
            assertEquals("not-allowed", agentSocketOnB.subscribe("s0", "stream-room-messages",
                    "[\"" + rid + "\",false]").get("error").get("error").asText(), "not serving the room yet");

            // Events carry Meteor's EJSON dates; REST answers ISO strings (docs/conversations.md).
            JsonNode sent = send(onA, token, rid, "Hello from node A");
            assertEquals(Json.ejsonDates(sent), message(visitorOnB, rid, "Hello from node A"));
            assertEquals(Json.ejsonDates(sent), message(visitorOnA, rid, "Hello from node A"));

            JsonNode reply = ok(agentOnB.post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                    Map.of("rid", rid, "msg", "Hi Nadia, node B here"))))).get("message");
            JsonNode heard = message(visitorOnA, rid, "Hi Nadia, node B here");
            assertEquals(Json.ejsonDates(reply), heard);
            assertEquals("cluster-agent", heard.get("u").get("username").asText());
            assertEquals(Json.ejsonDates(reply), message(visitorOnB, rid, "Hi Nadia, node B here"));

            // Now serving the room (its first message took it), the agent's socket on B hears the visitor on A.
            assertEquals("ready", agentSocketOnB.subscribe("s1", "stream-room-messages", "[\"" + rid + "\",false]")
                    .get("msg").asText());
            JsonNode followUp = send(onA, token, rid, "Thanks, node B");
            assertEquals(Json.ejsonDates(followUp), message(agentSocketOnB, rid, "Thanks, node B"));
            assertEquals(Json.ejsonDates(followUp), message(visitorOnB, rid, "Thanks, node B"));

            JsonNode history = ok(onA.get(BASE + "/messages.history/" + rid + "?token=" + token)).get("messages");
            assertEquals(reply, history.get(1), "node A reads the reply node B stored");
        }
    }

    @Test
    void aLogoutOnAEndsTheWebsocketOnBThatLoggedInWithThatToken() throws InterruptedException {
        ApiClient adminOnA = new Operators(nodes.a()).admin();
        ok(adminOnA.post("/api/v1/users.create", Json.of(Map.of("username", "leaving-agent", "name", "Leaving",
                "email", "leaving-agent@example.com", "password", "leaving-password", "roles", List.of("agent")))));
        JsonNode login = nodes.a().client().post("/api/v1/login",
                Json.of(Map.of("user", "leaving-agent", "password", "leaving-password"))).json().get("data");
        ApiClient agentOnA = nodes.a().client().withHeaders(Map.of("X-User-Id", login.get("userId").asText(),
                "X-Auth-Token", login.get("authToken").asText()));
        try (DdpClient socketOnB = DdpClient.connected(nodes.b().port())) {
            assertNull(socketOnB.call("l1", "login", "[{\"resume\":\"" + login.get("authToken").asText() + "\"}]")
                    .get("error"));
            assertEquals(200, agentOnA.post("/api/v1/logout", Json.of(Map.of())).status());
            // B hears of no revocation; its connections check their login every 10 s or so (docs/conversations.md).
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!socketOnB.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(socketOnB.isClosed(), "node B ended the connection of a token revoked on node A");
        }
    }

    @Test
    void aMessageSentOnAShowsInTheHistoryNodeBHasCached() throws Exception {
        ApiClient onA = nodes.a().client();
        ApiClient onB = nodes.b().client();
        String token = visitor(onA, "Omar Cluster");
        String rid = openRoom(onA, token).get("_id").asText();
        String path = BASE + "/messages.history/" + rid + "?token=" + token;
        servedFromMemoryOnB(path);

        for (String text : List.of("Sent on node A", "And again on node A")) {
            JsonNode sent = send(onA, token, rid, text);
            // Node B hears the room's event through PostgreSQL's notification, some milliseconds after the commit.
            long deadline = System.nanoTime() + 10_000_000_000L;
            JsonNode latest = ok(onB.get(path)).get("messages").get(0);
            while (!sent.get("_id").equals(latest.get("_id")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                latest = ok(onB.get(path)).get("messages").get(0);
            }
            assertEquals(sent, latest, "node B's history shows the message sent on node A");
            servedFromMemoryOnB(path); // cached again on B before the next message
        }
    }

    /**
     * Reads {@code path} on node B until B answers it from its cache of history pages (the room's events from node
     * A, its opening for one, may arrive after B's first read and drop that page).
     */
    private static void servedFromMemoryOnB(String path) throws InterruptedException {
        var pages = nodes.b().host().rooms().historyPages();
        long hits = pages.stats().hitCount();
        Await.until("node B serves " + path + " from memory", Duration.ofSeconds(10), () -> {
            ok(nodes.b().client().get(path));
            return pages.stats().hitCount() > hits;
        });
    }

    @Test
    void aRoomOpenedOnAShowsInTheVisitorsLastChatOnB() throws Exception {
        String token = visitor(nodes.a().client(), "Lara Cluster");
        JsonNode before = ok(nodes.b().client().get(BASE + "/visitor/" + token)).get("visitor");
        assertNull(before.get("lastChat"), "no chat yet (and node B has cached the visitor)");

        JsonNode room = openRoom(nodes.a().client(), token);
        String rid = room.get("_id").asText();
        JsonNode onA = ok(nodes.a().client().get(BASE + "/visitor/" + token)).get("visitor");
        assertEquals(rid, onA.get("lastChat").get("_id").asText(), onA::toString);
        assertEquals(room.get("ts").asText(), onA.get("lastChat").get("ts").asText(), "lastChat.ts is the room's ts");

        // Node B hears the invalidation once the opening commits: well within the cache's 60 s lifetime.
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode onB = before;
        while (onB.get("lastChat") == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
            onB = ok(nodes.b().client().get(BASE + "/visitor/" + token)).get("visitor");
        }
        assertEquals(onA, onB);
    }
}
