package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.webhook.DeskEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook bodies: Rocket.Chat's fields per type, and what Switchboard adds. */
class WebhookJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final Visitor VISITOR = new Visitor("v1", "tok", "guest-1", "Ana", "ana@example.com", "+5551",
            "sales", "online", Map.of("plan", "gold"), List.of(new ExternalId("wa", "BR.1", Map.of())), T, T, null);
    private static final Room ROOM = new Room("r1", new Room.RoomVisitor("v1", "guest-1", "tok", "online"), "Ana", true,
            "dept-2", new Room.Source("app", "wa", "WhatsApp"), new Room.ServedBy("ag2", "maria", T), 3, 2, T, T, T,
            null);
    private static final WebhookJson.Agent AGENT = new WebhookJson.Agent("ag2", "maria", "Maria", "m@example.com");

    private static JsonNode render(DeskEvent.RoomEvent event, List<Message> messages) throws Exception {
        return MAPPER.readTree(WebhookJson.room(event, ROOM, VISITOR, AGENT, messages));
    }

    @Test
    void aForwardCarriesTheOldAgentAndDepartmentBesidesTheNewOnes() throws Exception {
        JsonNode body = render(DeskEvent.forwarded("r1", new DeskEvent.Forward(new Room.ServedBy("ag1", "joao", T),
                "dept-1")), List.of());
        assertEquals("LivechatSessionForwarded", body.get("type").asText());
        assertEquals("dept-2", body.get("departmentId").asText());
        assertEquals("ag2", body.at("/servedBy/_id").asText());
        assertEquals("ag1", body.at("/oldServedBy/_id").asText());
        assertEquals("joao", body.at("/oldServedBy/username").asText());
        assertEquals("dept-1", body.get("oldDepartmentId").asText());
        assertEquals("app", body.at("/source/type").asText());
        assertEquals("WhatsApp", body.at("/source/alias").asText());
        assertEquals("BR.1", body.at("/visitor/externalIds/0/entityId").asText());
        assertEquals("ana@example.com", body.at("/visitor/email/0/address").asText());
        assertEquals("+5551", body.at("/visitor/phone/0/phoneNumber").asText());
        assertEquals("gold", body.at("/visitor/customFields/plan").asText());
        assertEquals("m@example.com", body.at("/agent/email").asText());
    }

    @Test
    void aMessageEventMarksWhatAnAgentWroteAndOnlyThat() throws Exception {
        Message fromVisitor = new Message("m1", "r1", null, "hi", new Message.Sender("v1", "guest-1", "Ana"), "tok",
                null, T, T, null, null, null);
        Message fromAgent = new Message("m2", "r1", null, "hello", new Message.Sender("ag2", "maria", "Maria"), null,
                null, T, T, null, null, null);
        JsonNode visitorEvent = render(DeskEvent.message(fromVisitor), List.of(fromVisitor));
        assertEquals("Message", visitorEvent.get("type").asText());
        assertFalse(visitorEvent.at("/messages/0").has("agentId"));
        assertEquals("guest-1", visitorEvent.at("/messages/0/u/username").asText());
        assertFalse(visitorEvent.has("departmentId"), "Message events carry no type fields");
        JsonNode agentEvent = render(DeskEvent.message(fromAgent), List.of(fromAgent));
        assertEquals("ag2", agentEvent.at("/messages/0/agentId").asText());
        assertTrue(agentEvent.at("/messages/0").has("_updatedAt"));
    }
}
