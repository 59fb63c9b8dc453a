package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryParserTest {

    private static Delivery parse(String fixture) {
        return DeliveryParser.parse(Fixtures.JSON.parseObject(Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void phoneWithheldUsernameUser() {
        Delivery d = parse("text-no-phone-username.json");
        assertEquals(1, d.events().size());
        Event e = d.events().get(0);
        assertEquals("BR.1502576394655843", e.sender().bsuid());
        assertNull(e.sender().phoneDigits());
        assertNull(e.sender().parentBsuid());
        assertEquals("@ana.souza", e.sender().username());
        assertEquals("Ana Souza", e.sender().name());
        assertEquals("106540352242922", e.phoneNumberId());
        assertTrue(e.wamid().startsWith("wamid."));
        assertNull(e.change());
    }

    @Test
    void phoneAndParentBsuid() {
        Event e = parse("text-phone-parent.json").events().get(0);
        assertEquals("5511987654321", e.sender().phoneDigits());
        assertEquals("BR.ENT.11815799212886844830", e.sender().parentBsuid());
    }

    @Test
    void readsEveryEntryChangeAndMessage() {
        Delivery d = parse("batch.json");
        assertEquals(List.of("wamid.BATCH-1", "wamid.BATCH-2", "wamid.BATCH-3", "wamid.BATCH-4"),
                d.events().stream().map(Event::wamid).toList());
        assertEquals("FR.1111222233334444", d.events().get(2).sender().bsuid());
        assertEquals("@chloe", d.events().get(2).sender().username());
        assertEquals("JP.ENT.1234123412341234", d.events().get(1).sender().parentBsuid());
        assertEquals("106540352242923", d.events().get(3).phoneNumberId());
        assertEquals(1, d.statuses().size());
        assertEquals(1, d.ignored());
    }

    @Test
    void statusesCreateNoEventsButPairPhonesWithBsuids() {
        Delivery d = parse("status-only.json");
        assertTrue(d.events().isEmpty());
        assertEquals(3, d.statuses().size());
        assertTrue(d.pairings().contains(new Delivery.Pairing("34600111222", "ES.9988776655443322", null)));
        assertTrue(d.pairings().stream().noneMatch(p -> p.phoneDigits().equals("34600999888")));
    }

    @Test
    void rotations() {
        Event number = parse("user-changed-number.json").events().get(0);
        assertEquals("user_changed_number", number.change().kind());
        assertEquals("DE.2233445566778899", number.change().oldBsuid());
        assertEquals("4915112345678", number.change().oldPhoneDigits());
        assertEquals("DE.5566778899001122", number.change().newBsuid());
        assertEquals("4917698765432", number.change().newPhoneDigits());

        Event userId = parse("user-changed-user-id.json").events().get(0);
        assertEquals("BR.1502576394655843", userId.change().oldBsuid());
        assertEquals("BR.7700000000000001", userId.change().newBsuid());
        assertEquals("BR.ENT.11815799212886844830", userId.change().oldParent());
        assertEquals("BR.ENT.99900000000000000001", userId.change().newParent());

        Event update = parse("user-id-update.json").events().get(0);
        assertNull(update.wamid());
        assertEquals("BR.1502576394655843", update.change().oldBsuid());
        assertEquals("BR.7700000000000002", update.change().newBsuid());
    }

    @Test
    void aBsuidIsNeverReadAsAPhone() {
        assertNull(DeliveryParser.phoneDigits("BR.1502576394655843"));
        assertNull(DeliveryParser.phoneDigits("US.ENT.11815799212886844830"));
        assertNull(DeliveryParser.phoneDigits("@ana.souza"));
        assertEquals("5511987654321", DeliveryParser.phoneDigits("+55 (11) 98765-4321"));
        Map<String, Object> root = Fixtures.JSON.parseObject(("{\"object\":\"whatsapp_business_account\","
                + "\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"from\":\"BR.15\","
                + "\"id\":\"wamid.X\",\"type\":\"text\"}]}}]}]}").getBytes(StandardCharsets.UTF_8));
        Event e = DeliveryParser.parse(root).events().get(0);
        assertNull(e.sender().phoneDigits());
        assertNull(e.sender().bsuid());
    }

    @Test
    void oddShapesAreSkippedNotFatal() {
        Map<String, Object> root = Fixtures.JSON.parseObject(("{\"object\":\"whatsapp_business_account\","
                + "\"entry\":[1,\"x\",{\"changes\":{\"not\":\"a list\"}},{\"changes\":[null,{\"field\":\"messages\"},"
                + "{\"field\":\"messages\",\"value\":{\"messages\":[7,{\"from_user_id\":\"US.1\",\"id\":5}]}}]}]}")
                .getBytes(StandardCharsets.UTF_8));
        Delivery d = DeliveryParser.parse(root);
        assertEquals(1, d.events().size());
        assertEquals("5", d.events().get(0).wamid());
        assertFalse(DeliveryParser.parse(Map.of("object", "page")).ignored() == 0);
    }
}
