package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.send;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static dev.switchboard.core.conversation.WebhookIT.messagesOf;
import static dev.switchboard.core.conversation.WebhookIT.ofRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.WebhookReceiver.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retries around a receiver outage with the default backoff cap (60 s): when the receiver answers again, every room
 * backed off during the outage is tried at once, not at the end of its backoff; a room whose own events keep
 * failing while others go through keeps backing off.
 */
class WebhookOutageIT {
    private static WebhookDesk desk;

    @BeforeAll
    static void start() throws Exception {
        desk = WebhookDesk.start(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        desk.close();
    }

    /** Opens {@code count} rooms and waits until their first events reached the desk.receiver(). */
    private static Map<String, String> rooms(String name, int count) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>(); // rid -> visitor token
        for (int i = 0; i < count; i++) {
            String token = visitor(desk.api(), name + " " + i);
            tokens.put(openRoom(desk.api(), token).get("_id").asText(), token);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ok(desk.operators().admin().get(BASE + "/webhooks.backlog")).get("waiting").asLong() > 0) {
            assertTrue(System.nanoTime() < deadline, "the rooms' first events were not delivered");
            Thread.sleep(50);
        }
        return tokens;
    }

    /**
     * The earliest moment (nanoTime) the backoff alone would try a room again after the refusals it got: after
     * failure k the wait is drawn between half and all of min(cap, 2^(k-1) s).
     */
    private static long backoffEnds(String rid) {
        List<Long> refusals = desk.receiver().refusals(rid);
        int failures = refusals.size();
        long fullMillis = Math.min(60_000, 1000L << Math.min(failures - 1, 20));
        return refusals.get(failures - 1) + TimeUnit.MILLISECONDS.toNanos(fullMillis / 2);
    }

    @Test
    void roomsBackedOffDuringAnOutageAreAllTriedAsSoonAsTheReceiverAnswersAgain() throws Exception {
        Map<String, String> rooms = rooms("Outage Visitor", 6);
        desk.receiver().answer(503);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        try {
            rooms.forEach((rid, token) -> {
                List<String> texts = List.of(rid + " first", rid + " second");
                texts.forEach(text -> send(desk.api(), token, rid, text));
                sent.put(rid, texts);
            });
            // Until every room was refused four times or more (its next try at least 4 s away) and none is due
            // within 1.5 s: from then on only the recovery can bring them before their backoff ends.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!rooms.keySet().stream().allMatch(rid -> desk.receiver().refusals(rid).size() >= 4
                    && backoffEnds(rid) - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(1500))) {
                assertTrue(System.nanoTime() < deadline, "the rooms did not back off");
                Thread.sleep(20);
            }
        } finally {
            desk.receiver().answer(200);
        }
        Map<String, Long> notBefore = new LinkedHashMap<>();
        rooms.keySet().forEach(rid -> notBefore.put(rid, backoffEnds(rid)));
        // A new room's first event goes out at once; its delivery tells the host the receiver is back.
        String token = visitor(desk.api(), "Returning Visitor");
        openRoom(desk.api(), token);

        List<Request> got = desk.receiver().await(all -> rooms.keySet().stream()
                .allMatch(rid -> messagesOf(ofRoom(all, rid)).size() >= 2), 60);
        for (String rid : rooms.keySet()) {
            List<Request> room = ofRoom(got, rid);
            assertEquals(sent.get(rid), messagesOf(room), "in order, each once");
            long arrived = room.stream().filter(request -> "Message".equals(request.json().get("type").asText()))
                    .findFirst().orElseThrow().receivedAt();
            assertTrue(arrived < notBefore.get(rid), "room " + rid + " waited for the end of its backoff: "
                    + TimeUnit.NANOSECONDS.toMillis(arrived - notBefore.get(rid)) + " ms after it");
        }
    }

    @Test
    void aRoomWhoseEventsKeepFailingWhileOthersGoThroughKeepsBackingOff() throws Exception {
        Map<String, String> rooms = rooms("Refused Visitor", 2);
        String stuck = rooms.keySet().iterator().next();
        String flowing = rooms.keySet().stream().skip(1).findFirst().orElseThrow();
        desk.receiver().answer(stuck, 503);
        List<String> flowed = new ArrayList<>();
        try {
            send(desk.api(), rooms.get(stuck), stuck, "stuck");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; System.nanoTime() < until; i++) {
                flowed.add("flowing " + i);
                send(desk.api(), rooms.get(flowing), flowing, "flowing " + i);
                Thread.sleep(50);
            }
            desk.receiver().await(all -> messagesOf(ofRoom(all, flowing)).size() >= flowed.size(), 30);
            // In 5 s its backoff (0.5-1 s, 1-2 s, 2-4 s, ...) allows four tries at most; the first delivery after
            // its first failure may cut that first wait short once. Retried at every other delivery it would
            // have been tried about a hundred times.
            int tries = desk.receiver().refusals(stuck).size();
            assertTrue(tries >= 2 && tries <= 5, tries + " tries");
        } finally {
            desk.receiver().answer(stuck, null);
        }
        List<Request> late = desk.receiver().await(all -> messagesOf(ofRoom(all, stuck)).size() >= 1, 60);
        assertEquals(List.of("stuck"), messagesOf(ofRoom(late, stuck)));
    }
}
