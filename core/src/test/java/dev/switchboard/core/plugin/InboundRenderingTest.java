package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.Referral;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundRenderingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode message(Inbound inbound) throws Exception {
        return MAPPER.readTree("{" + inbound.extraJson() + "}");
    }

    @Test
    void agentsReadATextForEveryKind() {
        assertEquals("o recibo", InboundRendering.text(new MessageContent.Media(MessageContent.MediaKind.IMAGE,
                "m1", null, "o recibo", "r.jpg", null, null)));
        assertEquals("r.pdf", InboundRendering.text(new MessageContent.Media(MessageContent.MediaKind.DOCUMENT,
                "m1", null, null, "r.pdf", null, null)));
        assertEquals("[audio]", InboundRendering.text(new MessageContent.Media(MessageContent.MediaKind.AUDIO,
                "m1", null, null, null, null, null)));
        assertEquals("Sé, Praça da Sé 1", InboundRendering.text(new MessageContent.Location(1, 2, "Sé",
                "Praça da Sé 1", null)));
        assertEquals("1.5, 2.5", InboundRendering.text(new MessageContent.Location(1.5, 2.5, null, null, null)));
        assertEquals("Ana, Rui", InboundRendering.text(new MessageContent.Contacts(List.of(
                new MessageContent.Contact("Ana", null, null, null),
                new MessageContent.Contact("Rui", null, null, null)))));
        assertEquals("Sim", InboundRendering.text(new MessageContent.Reply("button_reply", "b1", "Sim", null)));
        assertEquals("", InboundRendering.text(new MessageContent.Reaction("wamid.1", null)));
        assertEquals("[order]", InboundRendering.text(new MessageContent.Other("order", null, Map.of())));
    }

    @Test
    void theChannelMemberKeepsContentContextAndErrors() throws Exception {
        InboundMessage message = new InboundMessage("wamid.7", Instant.ofEpochMilli(42),
                new MessageContent.Contacts(List.of(new MessageContent.Contact("Ana", List.of("+351 91"),
                        List.of(), Map.of("org", Map.of("company", "ACME"))))), "wamid.6",
                new Referral("ad", "123", "https://fb.me/x", "Promo", null, Map.of("ctwa_clid", "c1")),
                List.of(new ChannelError("131051", "Unsupported", "detail")));
        JsonNode channel = message(InboundRendering.render("wa", message)).get("channel");
        assertEquals("wa", channel.get("app").asText());
        assertEquals("in", channel.get("direction").asText());
        assertEquals(42, channel.get("sentAt").asLong());
        assertEquals("ACME", channel.get("content").get("contacts").get(0).get("details").get("org")
                .get("company").asText());
        assertEquals("wamid.6", channel.get("replyTo").asText());
        assertEquals("c1", channel.get("referral").get("details").get("ctwa_clid").asText());
        assertEquals("detail", channel.get("errors").get(0).get("detail").asText());
    }

    @Test
    void aPlaceIsAlsoRocketChatsGeoJsonLocation() throws Exception {
        JsonNode rendered = message(InboundRendering.render("wa", InboundMessage.of("wamid.8", null,
                new MessageContent.Location(-23.5, -46.6, null, null, null))));
        assertEquals(-46.6, rendered.get("location").get("coordinates").get(0).asDouble());
        assertEquals(-23.5, rendered.get("location").get("coordinates").get(1).asDouble());
        assertTrue(rendered.get("channel").get("sentAt") == null);
    }

    @Test
    void backoffDoublesFromASecondUpToFiveMinutes() {
        assertEquals(Duration.ofSeconds(1), ChannelDeliveries.backoff(1));
        assertEquals(Duration.ofSeconds(2), ChannelDeliveries.backoff(2));
        assertEquals(Duration.ofSeconds(256), ChannelDeliveries.backoff(9));
        assertEquals(Duration.ofMinutes(5), ChannelDeliveries.backoff(10));
        assertEquals(Duration.ofMinutes(5), ChannelDeliveries.backoff(1_000));
    }
}
