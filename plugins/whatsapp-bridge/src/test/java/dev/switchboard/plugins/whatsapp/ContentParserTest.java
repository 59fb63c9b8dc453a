package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.plugins.whatsapp.MessageContent.ChannelError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every message kind and status Meta documents, read from {@code every-kind.json} and
 * {@code statuses-every-kind.json}: one delivery with two entries and four changes. The items' shapes are those of
 * david-lev/pywa's recorded webhooks ({@code tests/data/updates/message.json}, {@code callback_button.json},
 * {@code callback_selection.json}, {@code edited_message.json}, {@code deleted_message.json},
 * {@code message_status.json}, and the change-level {@code errors[]} of {@code interactive_message_with_err}), with
 * the BSUID fields Meta adds since 2026 ({@code from_user_id}, {@code contacts[].user_id},
 * {@code recipient_user_id}).
 */
class ContentParserTest {

    private static Delivery parse(String fixture) {
        return DeliveryParser.parse(new Fakes.Json().parseObject(Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, MessageContent> byWamid() {
        return parse("every-kind.json").events().stream()
                .collect(Collectors.toMap(Event::wamid, Event::content, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void everyEntryChangeAndMessageIsReadInOrder() {
        List<Event> events = parse("every-kind.json").events();
        assertEquals(19, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(String.format("wamid.KIND-%02d", i + 1), events.get(i).wamid());
        }
        assertEquals("106540352242923", events.get(17).phoneNumberId());
        assertEquals("BR.1502576394655843", events.get(0).sender().bsuid());
    }

    @Test
    void textWithItsAdReferral() {
        MessageContent c = byWamid().get("wamid.KIND-01");
        assertEquals("text", c.kind());
        assertEquals("Oi, preciso de ajuda com o pedido 4711", c.text());
        assertEquals("ad", c.referral().sourceType());
        assertEquals("120214789234560123", c.referral().sourceId());
        assertEquals("Frete grátis hoje", c.referral().headline());
        assertEquals("https://fb.me/2ZulEu42P", c.referral().sourceUrl());
        assertTrue(c.referral().ctwaClid().startsWith("ARAkLkA8"));
        assertNull(c.context());
        assertTrue(c.errors().isEmpty());
    }

    @Test
    void mediaAreReferencesWithCaptionFileNameAndFlags() {
        Map<String, MessageContent> all = byWamid();
        MessageContent image = all.get("wamid.KIND-02");
        assertEquals(new MessageContent.Media("1047583206124801", "image/jpeg", "Nota fiscal", null, "4654+8g=", false),
                image.media());
        assertEquals("Nota fiscal", image.text());
        MessageContent audio = all.get("wamid.KIND-03");
        assertEquals("audio/ogg; codecs=opus", audio.media().mimeType());
        assertTrue(audio.media().voice(), "a voice note");
        assertNull(audio.text());
        MessageContent video = all.get("wamid.KIND-04");
        assertEquals("1047583206124803", video.media().id());
        assertTrue(video.context().forwarded());
        assertFalse(video.context().frequentlyForwarded());
        MessageContent document = all.get("wamid.KIND-05");
        assertEquals("contrato-4711.pdf", document.media().fileName());
        assertEquals("Contrato", document.media().caption());
        MessageContent sticker = all.get("wamid.KIND-06");
        assertEquals("image/webp", sticker.media().mimeType());
        assertTrue(sticker.media().voice(), "animated");
    }

    @Test
    void locationAndSharedContacts() {
        Map<String, MessageContent> all = byWamid();
        MessageContent location = all.get("wamid.KIND-07");
        assertEquals(-23.5613, location.location().latitude());
        assertEquals(-46.6565, location.location().longitude());
        assertEquals("MASP", location.location().name());
        assertEquals("MASP", location.text());
        MessageContent contacts = all.get("wamid.KIND-08");
        assertEquals(1, contacts.contacts().size());
        MessageContent.SharedContact carla = contacts.contacts().get(0);
        assertEquals("Carla Lima", carla.name());
        assertEquals(List.of("+55 11 91234-5678"), carla.phones());
        assertEquals(List.of("5511912345678"), carla.waIds());
        assertEquals(List.of("carla@example.com"), carla.emails());
        assertNull(carla.origin());
    }

    @Test
    void listButtonAndTemplateButtonRepliesWithWhatTheyAnswer() {
        Map<String, MessageContent> all = byWamid();
        MessageContent list = all.get("wamid.KIND-09");
        assertEquals(new MessageContent.Reply("list_reply", "slot-2", "Amanhã 10h", "Entrega pela manhã", null),
                list.reply());
        assertEquals("wamid.OUT-LIST", list.context().replyTo());
        assertEquals("Amanhã 10h", list.text());
        MessageContent button = all.get("wamid.KIND-10");
        assertEquals(new MessageContent.Reply("button_reply", "confirm", "Confirmar", null, null), button.reply());
        MessageContent template = all.get("wamid.KIND-11");
        assertEquals("button", template.kind());
        assertEquals(new MessageContent.Reply("button", "STOP_PROMOTIONS", "Parar promoções", null, null),
                template.reply());
        assertEquals("wamid.OUT-TEMPLATE", template.context().replyTo());
    }

    @Test
    void reactionAndOrder() {
        Map<String, MessageContent> all = byWamid();
        MessageContent reaction = all.get("wamid.KIND-12");
        assertEquals(new MessageContent.Reaction("wamid.OUT-BUTTONS", "👍"), reaction.reaction());
        MessageContent order = all.get("wamid.KIND-13");
        assertEquals("354160437058781", order.order().catalogId());
        assertEquals("Para entrega hoje", order.text());
        assertEquals(List.of(new MessageContent.OrderItem("CAMISETA-P", 2, 59.9, "BRL"),
                new MessageContent.OrderItem("BONE", 1, 39, "BRL")), order.order().items());
    }

    @Test
    void errorsOnAMessageAndOnItsChangeAreKept() {
        Map<String, MessageContent> all = byWamid();
        MessageContent unsupported = all.get("wamid.KIND-14");
        assertEquals("unsupported", unsupported.kind());
        assertEquals(List.of(new ChannelError(131051, "Message type unknown", "Message type unknown",
                "Message type is currently not supported.")), unsupported.errors());
        MessageContent broken = all.get("wamid.KIND-19");
        assertEquals("interactive", broken.kind());
        assertNull(broken.reply());
        assertEquals(131000, broken.errors().get(0).code());
        assertEquals("Unsupported webhook payload", broken.errors().get(0).details());
    }

    @Test
    void editRevokeReplyAndSystem() {
        Map<String, MessageContent> all = byWamid();
        MessageContent edit = all.get("wamid.KIND-15");
        assertEquals("wamid.KIND-01", edit.target());
        assertEquals("text", edit.edited().kind());
        assertEquals("Oi, preciso de ajuda com o pedido 4712", edit.text());
        MessageContent revoke = all.get("wamid.KIND-16");
        assertEquals("wamid.KIND-02", revoke.target());
        assertNull(revoke.text());
        MessageContent reply = all.get("wamid.KIND-17");
        assertEquals("wamid.OUT-1", reply.context().replyTo());
        MessageContent system = all.get("wamid.KIND-18");
        assertEquals("system", system.kind());
        assertEquals("Kenji Sato changed from 819012345678 to 819087654321", system.text());
    }

    @Test
    void statusesOfEveryKindNameTheirMessages() {
        Delivery d = parse("statuses-every-kind.json");
        assertTrue(d.events().isEmpty());
        assertEquals(List.of("sent", "delivered", "read", "failed", "failed"),
                d.statuses().stream().map(Status::status).toList());
        Map<String, Status> last = d.statuses().stream()
                .collect(Collectors.toMap(Status::wamid, Function.identity(), (a, b) -> b));
        assertEquals("BR.1502576394655843", last.get("wamid.OUT-1").recipientUserId());
        assertEquals("1781690422", last.get("wamid.OUT-1").timestamp());
        assertEquals("106540352242922", last.get("wamid.OUT-1").phoneNumberId());
        assertEquals(new ChannelError(131047, "Re-engagement message", "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to "
                        + "this number."), last.get("wamid.OUT-2").errors().get(0));
        assertNull(last.get("wamid.OUT-3").recipientUserId());
        assertEquals("5511987654321", last.get("wamid.OUT-3").recipientPhone());
        assertEquals(130472, last.get("wamid.OUT-3").errors().get(0).code());
    }
}
