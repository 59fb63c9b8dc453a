package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.assertError;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.conversation.RoomRoutingIT.Chat;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators.Login;
import dev.switchboard.core.testing.TwoNodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hosts on one PostgreSQL database: the queue, a forward and a close made on node B reach sockets on node A,
 * and a take on A racing a forward on B leaves one consistent room (the row locks hold across nodes).
 */
class RoomRoutingClusterIT {
    private static TwoNodes nodes;
    private static ApiClient adminOnA;
    private static ApiClient adminOnB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoNodes.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN), null);
        adminOnA = new Operators(nodes.a()).admin();
        adminOnB = new Operators(nodes.b()).admin();
        ManualSelectionHost.routing(adminOnA, "Manual_Selection");
        awaitManualSelectionOn(adminOnB);
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    /** Settings reach the other node through a notification: wait until B reads the new routing method. */
    private static void awaitManualSelectionOn(ApiClient admin) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode setting = ok(admin.get("/api/v1/settings/Livechat_Routing_Method"));
            if ("Manual_Selection".equals(setting.get("value").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node B never read Manual_Selection");
    }

    @Test
    void theQueueAForwardAndACloseOnBReachSocketsOnA() {
        Login first = RoomRoutingIT.person(nodes.a(), List.of("agent"));
        Login second = RoomRoutingIT.person(nodes.b(), List.of("agent"));
        Login manager = RoomRoutingIT.person(nodes.b(), List.of("manager"));
        try (DdpClient queueOnA = RoomRoutingIT.agentSocket(nodes.a().port(), first)) {
            assertEquals("ready", queueOnA.subscribe("q", "stream-livechat-inquiry-queue-observer",
                    "[\"public\",false]").get("msg").asText());
            Chat chat = RoomRoutingIT.chat(nodes.b().client(), null);
            JsonNode added = RoomRoutingIT.nextOn(queueOnA, "stream-livechat-inquiry-queue-observer");
            assertEquals("added", added.get("type").asText());
            assertEquals(chat.rid(), added.get("rid").asText());

            RoomRoutingIT.take(first, chat.rid());
            try (DdpClient widgetOnA = RoomRoutingIT.widget(nodes.a().port(), chat)) {
                ok(manager.client().post(BASE + "/room.forward", Json.of(Map.of("roomId", chat.rid(),
                        "userId", second.id()))));
                // The take's own agentData may still be on its way to A (through PostgreSQL), so the widget may
                // hear the first agent before the second: what must arrive is the forward's.
                JsonNode agentData = widgetOnA.next(frame -> "stream-livechat-room".equals(
                        frame.path("collection").asText()) && second.id().equals(
                        frame.path("fields").path("args").path(0).path("data").path("_id").asText()))
                        .get("fields").get("args").get(0);
                assertEquals("agentData", agentData.get("type").asText(), agentData::toString);
                ok(second.client().post(BASE + "/room.closeByUser", Json.of(Map.of("rid", chat.rid(),
                        "comment", "Closed on B"))));
                JsonNode close = widgetOnA.next(frame -> "livechat-close".equals(
                        frame.path("fields").path("args").path(0).path("t").asText())).get("fields").get("args").get(0);
                assertEquals("Closed on B", close.get("msg").asText());
                assertEquals(second.id(), close.get("u").get("_id").asText());
            }
        }
    }

    @Test
    void aTakeOnARacingAForwardOnBLeavesOneConsistentRoom() throws Exception {
        Login taker = RoomRoutingIT.person(nodes.a(), List.of("agent"));
        Login target = RoomRoutingIT.person(nodes.b(), List.of("agent"));
        Login manager = RoomRoutingIT.person(nodes.b(), List.of("manager"));
        for (int round = 0; round < 8; round++) {
            Chat chat = RoomRoutingIT.chat(nodes.a().client(), null);
            String inquiryId = DeskIT.inquiryOf(taker.client(), chat.rid()).get("_id").asText();
            List<Response> answers = RoomRoutingIT.race(
                    () -> taker.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId))),
                    () -> manager.client().post(BASE + "/room.forward", Json.of(Map.of("roomId", chat.rid(),
                            "userId", target.id()))));
            assertEquals(200, answers.get(1).status(), answers.get(1)::toString);
            if (answers.get(0).status() != 200) {
                assertError(answers.get(0), 400, "Inquiry already taken [error-inquiry-taken]", "error-inquiry-taken");
            }
            JsonNode room = ok(adminOnA.get(BASE + "/visitor/" + chat.token() + "/room")).get("rooms").get(0);
            assertEquals(target.id(), room.get("servedBy").get("_id").asText());
            assertError(taker.client().get("/api/v1/chat.syncMessages?roomId=" + chat.rid()
                    + "&lastUpdate=2000-01-01T00:00:00.000Z"), 400, "Not allowed [error-not-allowed]",
                    "error-not-allowed");
            ok(target.client().post(BASE + "/room.closeByUser", Json.of(Map.of("rid", chat.rid()))));
        }
    }
}
