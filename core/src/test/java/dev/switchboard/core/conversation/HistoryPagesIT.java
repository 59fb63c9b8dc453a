package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.assertError;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.send;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.cache.HistoryCache;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators.Login;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History answered from the host's cache of rendered pages: a repeated read is served from memory, and every write
 * to a room's messages shows in the next read (visitors' sends, edits and deletions, an agent's reply that takes the
 * room, a user joining, closing by the visitor and by a user, erasure), never another visitor's room.
 */
class HistoryPagesIT {
    @RegisterExtension
    static final ManualSelectionHost HOST = new ManualSelectionHost();

    /** The room's latest page, newest first. */
    private static JsonNode history(String token, String rid) {
        return ok(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token)).get("messages");
    }

    /**
     * Reads the latest page until a read is served from the cache, with the same answer as the store's. A write's
     * own events (its stream event, the visitor's cache entry) reach the node a moment after the write answered; a
     * read racing them is not kept (the cache's rule), so the page may take a few reads, over some milliseconds, to
     * be stored. Bounded by time, not by a count of reads: a fast host runs many reads within that moment.
     */
    private static void cached(String token, String rid) {
        HistoryCache pages = HOST.host().host().rooms().historyPages();
        String first = HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token).text();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            long hits = pages.stats().hitCount();
            String again = HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token).text();
            assertEquals(first, again);
            if (pages.stats().hitCount() == hits + 1) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        fail("no read of the page came from memory within 5 s");
    }

    private static List<String> texts(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false)
                .map(message -> message.path("t").isMissingNode() ? message.get("msg").asText()
                        : message.get("t").asText() + ":" + message.get("msg").asText())
                .toList();
    }

    @Test
    void aVisitorsSendEditAndDeleteShowInTheNextRead() {
        String token = visitor(HOST.api(), "Hana History");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        cached(token, rid);

        String id = send(HOST.api(), token, rid, "first words").get("_id").asText();
        assertEquals("first words", texts(history(token, rid)).get(0));
        cached(token, rid);

        ok(HOST.api().send("PUT", BASE + "/message/" + id, Json.of(Map.of("token", token, "rid", rid,
                "msg", "edited words")).getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        JsonNode edited = history(token, rid).get(0);
        assertEquals("edited words", edited.get("msg").asText());
        assertFalse(edited.path("editedAt").isMissingNode(), edited::toString);
        cached(token, rid);

        ok(HOST.api().send("DELETE", BASE + "/message/" + id, Json.of(Map.of("token", token, "rid", rid))
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        for (JsonNode message : history(token, rid)) {
            assertNotEquals(id, message.get("_id").asText(), "a deleted message leaves the cached page");
        }
    }

    @Test
    void pagesAreKeptPerQuery() {
        String token = visitor(HOST.api(), "Ines Paging");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        send(HOST.api(), token, rid, "one");
        send(HOST.api(), token, rid, "two");
        cached(token, rid);
        JsonNode one = ok(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token + "&limit=1"))
                .get("messages");
        assertEquals(List.of("two"), texts(one));
        assertEquals(3, history(token, rid).size(), "the default page is still the whole room");
    }

    @Test
    void anAgentsReplyAJoinAndAUsersCloseShowInTheNextRead() {
        Login agent = HOST.operators().login("history-agent", "History Agent", List.of("agent"));
        Login manager = HOST.operators().login("history-manager", "History Manager", List.of("manager"));
        String token = visitor(HOST.api(), "Jon Reply");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        cached(token, rid);

        ok(agent.client().post("/api/v1/chat.sendMessage", Json.of(Map.of("message",
                Map.of("rid", rid, "msg", "How can I help?")))));
        List<String> taken = texts(history(token, rid));
        assertEquals("How can I help?", taken.get(0));
        assertEquals(Set.of("uj:history-agent", "command:connected"), Set.copyOf(taken.subList(1, 3)),
                "the agent's join messages, written with its first message");
        cached(token, rid);

        ok(manager.client().get(BASE + "/room.join?roomId=" + rid));
        assertEquals("uj:history-manager", texts(history(token, rid)).get(0));
        cached(token, rid);

        ok(agent.client().post(BASE + "/room.closeByUser", Json.of(Map.of("rid", rid, "comment", "Solved"))));
        assertEquals("livechat-close:Solved", texts(history(token, rid)).get(0));
    }

    @Test
    void theVisitorClosingShowsInTheNextRead() {
        String token = visitor(HOST.api(), "Kai Close");
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        cached(token, rid);
        ok(HOST.api().post(BASE + "/room.close", Json.of(Map.of("rid", rid, "token", token))));
        assertEquals("livechat-close:Closed by visitor", texts(history(token, rid)).get(0));
    }

    /** A new visitor's room holding {@code text}, its latest page cached: the token and the room's id. */
    private static String[] cachedRoom(String name, String text) {
        String token = visitor(HOST.api(), name);
        String rid = openRoom(HOST.api(), token).get("_id").asText();
        send(HOST.api(), token, rid, text);
        cached(token, rid);
        return new String[] {token, rid};
    }

    @Test
    void aCachedRoomIsNeverServedToAnotherVisitor() {
        String[] room = cachedRoom("Lea Owner", "private words");
        String rid = room[1];
        String other = visitor(HOST.api(), "Mo Other");
        openRoom(HOST.api(), other);
        history(other, openRoom(HOST.api(), other).get("_id").asText()); // the other visitor is in the visitor cache
        assertError(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + other), 400, "invalid-room", null);
        assertError(HOST.api().get(BASE + "/messages.history/" + rid + "?token=no-such-token"), 400, "invalid-token",
                null);
    }

    @Test
    void erasureEndsTheCachedHistoryOfTheVisitorsRooms() {
        String[] room = cachedRoom("Nia Erased", "forget me");
        String token = room[0];
        String rid = room[1];
        String visitorId = ok(HOST.api().get(BASE + "/visitor/" + token)).get("visitor").get("_id").asText();
        HistoryCache pages = HOST.host().host().rooms().historyPages();
        HistoryCache.Query latest = new HistoryCache.Query(null, 0, 20);
        assertNotNull(pages.find(rid, visitorId, latest));
        ok(HOST.api().send("DELETE", BASE + "/visitor/" + token, new byte[0], Map.of()));
        assertNull(pages.find(rid, visitorId, latest), "the erasure's event dropped the room's pages");
        assertError(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token), 400, "invalid-token", null);
        // The same token registered again is a new visitor: the erased room is not its room.
        register(token, "Nia Again");
        assertError(HOST.api().get(BASE + "/messages.history/" + rid + "?token=" + token), 400, "invalid-room", null);
    }

    private static void register(String token, String name) {
        ok(HOST.api().post(BASE + "/visitor", Json.of(Map.of("visitor", Map.of("token", token, "name", name)))));
    }
}
