package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.send;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TwoNodes;
import dev.switchboard.core.testing.WebhookReceiver;
import dev.switchboard.core.testing.WebhookReceiver.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL deliver one outbox: every event reaches the receiver exactly once (each lane is held
 * by one node at a time), in order per room, whichever node recorded it.
 */
class WebhookClusterIT {
    private static TwoNodes nodes;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoNodes.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN), null);
        receiver = new WebhookReceiver();
        receiver.configure(new Operators(nodes.a()).admin());
        // Node B hears the settings change from the database; its stores record only once it has.
        ApiClient adminOnB = new Operators(nodes.b()).admin();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!receiver.url().equals(ok(adminOnB.get("/api/v1/settings/Livechat_webhookUrl")).get("value")
                .asText()) || !ok(adminOnB.get("/api/v1/settings/Livechat_webhook_on_visitor_message"))
                .get("value").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node B did not take the webhook settings");
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
        receiver.close();
    }

    @Test
    void twoNodesSendEveryEventOnceAndEachRoomsInOrder() throws Exception {
        int rooms = 16;
        int messages = 15;
        ExecutorService visitors = Executors.newFixedThreadPool(8);
        Map<String, List<String>> sent = new HashMap<>();
        try {
            List<Future<Map.Entry<String, List<String>>>> done = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                // Each visitor alternates nodes: its room's events are recorded on both.
                List<ApiClient> both = List.of(nodes.a().client(), nodes.b().client());
                int room = i;
                done.add(visitors.submit(() -> {
                    String token = visitor(both.get(room % 2), "Cluster Visitor " + room);
                    String rid = openRoom(both.get(room % 2), token).get("_id").asText();
                    List<String> texts = new ArrayList<>();
                    for (int m = 0; m < messages; m++) {
                        String text = "room " + room + " message " + m;
                        send(both.get(m % 2), token, rid, text);
                        texts.add(text);
                    }
                    return Map.entry(rid, texts);
                }));
            }
            for (Future<Map.Entry<String, List<String>>> future : done) {
                Map.Entry<String, List<String>> room = future.get(120, TimeUnit.SECONDS);
                sent.put(room.getKey(), room.getValue());
            }
        } finally {
            visitors.shutdownNow();
        }

        int expected = rooms * (messages + 2); // start, then taken or queued, then the messages
        List<Request> received = receiver.await(got -> WebhookReceiver.distinct(got).stream()
                .filter(request -> sent.containsKey(request.json().path("_id").asText())).count() >= expected, 60);
        Thread.sleep(1_000); // a duplicate would come now
        received = receiver.received();
        Map<String, Integer> perEvent = new HashMap<>();
        received.forEach(request -> perEvent.merge(request.eventId(), 1, Integer::sum));
        perEvent.forEach((id, count) -> assertEquals(1, count, "event " + id + " sent more than once"));
        for (Map.Entry<String, List<String>> room : sent.entrySet()) {
            List<Request> events = WebhookIT.ofRoom(received, room.getKey());
            assertEquals(messages + 2, events.size());
            assertEquals("LivechatSessionStart", events.get(0).json().get("type").asText());
            assertEquals(room.getValue(), events.stream().filter(r -> "Message".equals(r.json().get("type")
                    .asText())).map(r -> r.json().at("/messages/0/msg").asText()).toList());
        }
        WebhookIT.assertSigned(received);
    }
}
