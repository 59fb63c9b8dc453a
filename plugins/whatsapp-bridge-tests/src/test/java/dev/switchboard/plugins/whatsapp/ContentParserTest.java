package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.MessageContent.Media;
import dev.switchboard.spi.MessageContent.MediaKind;
import dev.switchboard.spi.MessageContent.Other;
import dev.switchboard.spi.Receipt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    static Delivery parse(String fixture) {
        return DeliveryParser.parse(Fixtures.JSON.parseObject(Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, RoomAction> actions() {
        Map<String, RoomAction> out = new LinkedHashMap<>();
        for (Event e : parse("every-kind.json").events()) {
            out.put(e.wamid(), e.action());
        }
        return out;
    }

    private static InboundMessage posted(String wamid) {
        return assertInstanceOf(RoomAction.Post.class, actions().get(wamid)).message();
    }

    private static MessageContent content(String wamid) {
        return posted(wamid).content();
    }

    @Test
    void everyEntryChangeAndMessageIsReadInOrder() {
        List<Event> events = parse("every-kind.json").events();
        assertEquals(19, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(String.format("wamid.KIND-%02d", i + 1), events.get(i).wamid());
        }
        assertEquals("106540352242923", events.get(17).phoneNumberId());
        assertEquals("15550783882", events.get(17).businessPhone());
        assertEquals("BR.1502576394655843", events.get(0).sender().bsuid());
    }

    @Test
    void textWithItsAdReferral() {
        InboundMessage m = posted("wamid.KIND-01");
        assertEquals("wamid.KIND-01", m.channelMessageId());
        assertEquals(Instant.ofEpochSecond(1781690400), m.sentAt());
        assertEquals(new MessageContent.Text("Oi, preciso de ajuda com o pedido 4711"), m.content());
        assertEquals("ad", m.referral().sourceType());
        assertEquals("120214789234560123", m.referral().sourceId());
        assertEquals("Frete grátis hoje", m.referral().headline());
        assertEquals("https://fb.me/2ZulEu42P", m.referral().sourceUrl());
        assertEquals("image", m.referral().details().get("media_type"));
        assertTrue(((String) m.referral().details().get("ctwa_clid")).startsWith("ARAkLkA8"));
        assertNull(m.replyTo());
        assertTrue(m.errors().isEmpty());
    }

    @Test
    void mediaAreReferencesWithCaptionAndFileName() {
        assertEquals(new Media(MediaKind.IMAGE, "1047583206124801", "image/jpeg", "Nota fiscal", null, null,
                "4654+8g="), content("wamid.KIND-02"));
        Media audio = (Media) content("wamid.KIND-03");
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals("audio/ogg; codecs=opus", audio.mimeType());
        assertEquals("1047583206124803", ((Media) content("wamid.KIND-04")).mediaId());
        Media document = (Media) content("wamid.KIND-05");
        assertEquals(MediaKind.DOCUMENT, document.kind());
        assertEquals("contrato-4711.pdf", document.fileName());
        assertEquals("Contrato", document.caption());
        assertEquals(MediaKind.STICKER, ((Media) content("wamid.KIND-06")).kind());
    }

    @Test
    void locationAndSharedContacts() {
        assertEquals(new MessageContent.Location(-23.5613, -46.6565, "MASP",
                "Av. Paulista, 1578 - Bela Vista, São Paulo", "https://maps.google.com/?cid=2000000000000000000"),
                content("wamid.KIND-07"));
        MessageContent.Contacts contacts = (MessageContent.Contacts) content("wamid.KIND-08");
        MessageContent.Contact carla = contacts.contacts().get(0);
        assertEquals("Carla Lima", carla.name());
        assertEquals(List.of("+55 11 91234-5678"), carla.phones());
        assertEquals(List.of("carla@example.com"), carla.emails());
        assertEquals("5511912345678", ((Map<?, ?>) ((List<?>) carla.details().get("phones")).get(0)).get("wa_id"));
    }

    @Test
    void listButtonAndTemplateButtonRepliesWithWhatTheyAnswer() {
        InboundMessage list = posted("wamid.KIND-09");
        assertEquals(new MessageContent.Reply("list_reply", "slot-2", "Amanhã 10h", "Entrega pela manhã"),
                list.content());
        assertEquals("wamid.OUT-LIST", list.replyTo());
        assertEquals(new MessageContent.Reply("button_reply", "confirm", "Confirmar", null),
                content("wamid.KIND-10"));
        InboundMessage template = posted("wamid.KIND-11");
        assertEquals(new MessageContent.Reply("button", "STOP_PROMOTIONS", "Parar promoções", null),
                template.content());
        assertEquals("wamid.OUT-TEMPLATE", template.replyTo());
    }

    @Test
    void reactionAndOrder() {
        assertEquals(new MessageContent.Reaction("wamid.OUT-BUTTONS", "👍"), content("wamid.KIND-12"));
        Other order = (Other) content("wamid.KIND-13");
        assertEquals("order", order.kind());
        assertEquals("Para entrega hoje", order.text());
        assertEquals("354160437058781", order.details().get("catalog_id"));
        List<?> items = (List<?>) order.details().get("product_items");
        assertEquals(2, items.size());
        assertEquals("CAMISETA-P", ((Map<?, ?>) items.get(0)).get("product_retailer_id"));
    }

    @Test
    void errorsOnAMessageAndOnItsChangeAreKept() {
        InboundMessage unsupported = posted("wamid.KIND-14");
        assertEquals(new Other("unsupported", null, Map.of()), unsupported.content());
        assertEquals(List.of(new ChannelError("131051", "Message type unknown",
                "Message type is currently not supported.")), unsupported.errors());
        InboundMessage broken = posted("wamid.KIND-19");
        assertEquals("interactive", ((Other) broken.content()).kind());
        assertEquals(List.of(new ChannelError("131000", "Something went wrong", "Unsupported webhook payload")),
                broken.errors());
        assertEquals("wamid.OUT-FLOW", broken.replyTo());
    }

    @Test
    void editRevokeReplyAndSystem() {
        Map<String, RoomAction> all = actions();
        assertEquals(new RoomAction.Edit("wamid.KIND-01", "Oi, preciso de ajuda com o pedido 4712"),
                all.get("wamid.KIND-15"));
        assertEquals(new RoomAction.Revoke("wamid.KIND-02"), all.get("wamid.KIND-16"));
        assertEquals("wamid.OUT-1", posted("wamid.KIND-17").replyTo());
        Other system = (Other) content("wamid.KIND-18");
        assertEquals("system", system.kind());
        assertEquals("Kenji Sato changed from 819012345678 to 819087654321", system.text());
        assertEquals("user_changed_number", system.details().get("type"));
    }

    @Test
    void malformedPartsBecomeOtherInsteadOfFailing() {
        Map<String, Object> noMediaId = Map.of("id", "wamid.X1", "type", "image", "image", Map.of("caption", "x"));
        assertEquals("image", ((Other) ((RoomAction.Post) ContentParser.parse(noMediaId, List.of())).message()
                .content()).kind());
        Map<String, Object> farAway = Map.of("id", "wamid.X2", "type", "location",
                "location", Map.of("latitude", 123.0, "longitude", 10));
        assertInstanceOf(Other.class, ((RoomAction.Post) ContentParser.parse(farAway, List.of())).message().content());
        Map<String, Object> blankText = Map.of("id", "wamid.X3", "type", "text", "text", Map.of("body", " "));
        assertInstanceOf(Other.class, ((RoomAction.Post) ContentParser.parse(blankText, List.of())).message().content());
        assertNull(ContentParser.parse(Map.of("type", "text"), List.of()), "no wamid: nothing to post");
    }

    @Test
    void statusesOfEveryKindBecomeReceiptsOfTheMessagesTheyName() {
        Delivery d = parse("statuses-every-kind.json");
        assertTrue(d.events().isEmpty());
        List<Status> statuses = d.statuses();
        assertEquals(List.of("wamid.OUT-1", "wamid.OUT-1", "wamid.OUT-1", "wamid.OUT-2", "wamid.OUT-3"),
                statuses.stream().map(Status::wamid).toList());
        assertEquals(List.of(Receipt.Status.SENT, Receipt.Status.DELIVERED, Receipt.Status.READ,
                        Receipt.Status.FAILED, Receipt.Status.FAILED),
                statuses.stream().map(s -> s.receipt().orElseThrow().status()).collect(Collectors.toList()));
        assertEquals(Instant.ofEpochSecond(1781690422), statuses.get(2).receipt().orElseThrow().at());
        assertEquals(new ChannelError("131047", "Re-engagement message", "Message failed to send because more "
                + "than 24 hours have passed since the customer last replied to this number."),
                statuses.get(3).receipt().orElseThrow().error());
        assertEquals("130472", statuses.get(4).receipt().orElseThrow().error().code());
        assertEquals("5511987654321", statuses.get(4).recipientPhone());
        assertNull(statuses.get(4).recipientUserId());
    }
}
