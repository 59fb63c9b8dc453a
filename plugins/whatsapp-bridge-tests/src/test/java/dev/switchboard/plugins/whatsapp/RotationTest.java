package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp id rotation and profile updates as Meta sends them today (issue 24), each fed as a real-shaped
 * delivery. Where the fixtures' shapes come from:
 * <ul>
 *   <li>{@code user-changed-number-no-from.json}: {@code system} with {@code previous_user_id} / {@code user_id} /
 *       {@code wa_id} and no {@code from}, as in chatwoot/chatwoot
 *       {@code spec/services/whatsapp/user_id_rotation_service_spec.rb} and Meta's changelog of 11 Aug 2026
 *       (previous ids added to both system message types);</li>
 *   <li>{@code user-changed-user-id-no-previous.json}: {@code system} with only {@code body}, {@code user_id} and
 *       {@code type}, no {@code from} and no {@code contacts[]}: the shape public bridges' samples show from before
 *       that changelog (Meta's system-messages reference: "the notification reports only the BSUID change");</li>
 *   <li>{@code rotation-message-then-system.json}: a text message and a {@code user_changed_user_id} (Chatwoot's
 *       {@code previous_user_id} / {@code user_id}) in two changes of one delivery;</li>
 *   <li>{@code user-id-update-nested.json}: {@code user_id_update[]} items with {@code wa_id}, {@code detail},
 *       {@code timestamp} and the ids as {@code {"previous", "current"}} objects, as in public bridges'
 *       {@code user_id_update} samples and tests;</li>
 *   <li>{@code contact-request-shared-phone.json}: a {@code contacts} message whose contact has
 *       {@code origin: "contact_request"} and {@code phones[].phone} / {@code wa_id}, as in chatwoot/chatwoot
 *       {@code spec/services/whatsapp/contact_info_response_service_spec.rb}, in Meta's contacts-message
 *       envelope.</li>
 * </ul>
 */
class RotationTest extends BridgeDeliveries {

    static final String JUERGEN = "DE.2233445566778899";
    static final String JUERGEN_NEW = "DE.5566778899001122";

    @Override
    void deliver(String body) {
        super.deliver(body);
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty(), "processed");
    }

    /** A later message from Ana, with another wamid, timestamp and profile. */
    private static String anaAt(long timestamp, String name, String username, String wamidSuffix) {
        return Fixtures.text("text-no-phone-username.json")
                .replace("QjdCAA==", wamidSuffix)
                .replace("1781690400", Long.toString(timestamp))
                .replace("\"Ana Souza\"", "\"" + name + "\"")
                .replace("@ana.souza", username);
    }

    @Test
    void userChangedNumberWithoutFromMovesTheNumberToTheVisitorOfThePreviousId() {
        Visitor v = sameVisitorAfter(Fixtures.text("text-phone-no-username-unicode.json"),
                Fixtures.text("user-changed-number-no-from.json"));  // no new nameless visitor
        assertEquals("Jürgen Müller 🚀", v.name());
        assertEquals(List.of("+4917698765432"), v.phones());
        assertTrue(v.externalId(Fixtures.APP_ID, JUERGEN_NEW).isPresent());
        assertEquals(JUERGEN_NEW, meta(v, JUERGEN).get("supersededBy"));
        assertEquals("1781777000", meta(v, JUERGEN).get("supersededAt"));
        assertNull(meta(v, JUERGEN_NEW).get("supersededBy"));
        assertEquals(JUERGEN_NEW, new ContactBook(ctx.store(), ctx.json()).lookup("4917698765432").orElseThrow().bsuid());
    }

    @Test
    void aMessageFromTheNewIdBeforeItsRotationInTheSameDeliveryEndsAsOneVisitor() {
        Visitor v = sameVisitorAfter(Fixtures.text("text-no-phone-username.json"),
                Fixtures.text("rotation-message-then-system.json"));
        assertEquals("BR.7700000000000001", meta(v, ANA).get("supersededBy"));
        assertEquals("@ana.souza", meta(v, "BR.7700000000000001").get("username"));
        assertEquals("bsuid", meta(v, "BR.7700000000000001").get("type"));
    }

    @Test
    void theRotationBeforeAMessageFromTheNewIdInTheSameDeliveryEndsAsOneVisitor() {
        String body = Fixtures.text("rotation-message-then-system.json");
        Map<String, Object> root = ctx.json().parseObject(body.getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Object> changes = (List<Object>) ((Map<String, Object>) ((List<Object>) root.get("entry")).get(0))
                .get("changes");
        java.util.Collections.reverse(changes);
        Visitor v = sameVisitorAfter(Fixtures.text("text-no-phone-username.json"),
                new String(ctx.json().write(root), StandardCharsets.UTF_8));
        assertTrue(v.externalId(Fixtures.APP_ID, "BR.7700000000000001").isPresent());
        assertEquals("BR.7700000000000001", meta(v, ANA).get("supersededBy"));
    }

    @Test
    void aRotationForSomeoneNewInOneDeliveryMakesOneVisitorWithBothIds() {
        deliver(Fixtures.text("rotation-message-then-system.json"));
        Visitor v = only();
        assertEquals("Ana Souza", v.name());
        assertEquals("BR.7700000000000001", meta(v, ANA).get("supersededBy"));
    }

    @Test
    void userChangedUserIdWithoutAPreviousIdCreatesNoOrphan() {
        deliver(Fixtures.text("user-changed-user-id-no-previous.json"));
        assertTrue(ctx.fakeVisitors().all().isEmpty(), "no visitor for an id nobody holds");

        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("user-changed-user-id-no-previous.json").replace("Tk9QUkVWSU9VU0lEMDAwMDAwMDAA",
                "Tk9QUkVWSU9VU0lEMDAwMDAwMDAB"));
        Visitor v = only();
        assertFalse(v.externalId(Fixtures.APP_ID, "BR.7700000000000003").isPresent(),
                "nothing says whose id it is: not guessed");
    }

    @Test
    void userChangedUserIdWithoutAPreviousIdUpdatesTheVisitorThatAlreadyHoldsTheNewId() {
        sameVisitorAfter(Fixtures.text("text-no-phone-username.json").replace(ANA, "BR.7700000000000003"),
                Fixtures.text("user-changed-user-id-no-previous.json"));
    }

    @Test
    void nestedUserIdUpdateIsReadAndLinked() {
        Delivery d = DeliveryParser.parse(ctx.json().parseObject(
                Fixtures.text("user-id-update-nested.json").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, d.events().size());
        Event e = d.events().get(0);
        assertEquals(ANA, e.change().oldBsuid());
        assertEquals("BR.7700000000000004", e.change().newBsuid());
        assertEquals(ANA_PARENT, e.change().oldParent());
        assertEquals("BR.ENT.99900000000000000004", e.change().newParent());
        assertEquals("5511987654321", e.sender().phoneDigits());
        assertEquals(Map.of("BR.7700000000000004", ANA, "BR.ENT.99900000000000000004", ANA_PARENT),
                d.predecessors());

        deliver(Fixtures.text("text-phone-parent.json"));
        deliver(Fixtures.text("user-id-update-nested.json"));
        Visitor v = only();
        assertEquals("BR.7700000000000004", meta(v, ANA).get("supersededBy"));
        assertEquals("BR.ENT.99900000000000000004", meta(v, ANA_PARENT).get("supersededBy"));
        assertEquals("parent_bsuid", meta(v, "BR.ENT.99900000000000000004").get("type"));
        assertEquals("1781777400", meta(v, ANA).get("supersededAt"));
    }

    @Test
    void aLateRetryOfAnOlderMessageDoesNotRewindTheProfile() {
        deliver(Fixtures.text("text-no-phone-username.json"));                      // t=1781690400
        deliver(anaAt(1781690900, "Ana Maria Souza", "@ana.maria", "TkVXRVIwMQ=="));  // newer
        deliver(anaAt(1781690600, "Ana S.", "@ana.old", "T0xERVIwMQ=="));             // an older one, retried late
        Visitor v = only();
        assertEquals("@ana.maria", meta(v, ANA).get("username"));
        assertEquals("Ana Maria Souza", v.name());
        assertEquals("1781690900", meta(v, ANA).get("profileAt"));
    }

    @Test
    void theProfileNameIsRefreshedOnlyWhileItIsStillTheDefault() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(anaAt(1781690900, "Ana Maria Souza", "@ana.souza", "TkVXRVIwMQ=="));
        Visitor v = only();
        assertEquals("Ana Maria Souza", v.name(), "the default name follows the profile");

        ctx.fakeVisitors().register(VisitorRegistration.builder(v.token()).name("Ana (VIP)").build());
        deliver(anaAt(1781691000, "Ana M.", "@ana.souza", "TkVXRVIwMg=="));
        assertEquals("Ana (VIP)", only().name(), "a name someone chose is kept");
        assertEquals("Ana M.", meta(only(), ANA).get("profileName"));
    }

    @Test
    void thePhoneSharedInAContactRequestIsStored() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        assertTrue(only().phones().isEmpty());
        deliver(Fixtures.text("contact-request-shared-phone.json"));
        Visitor v = only();
        assertEquals(List.of("+5511987654321"), v.phones());
        assertEquals(ANA, new ContactBook(ctx.store(), ctx.json()).lookup("5511987654321").orElseThrow().bsuid());
    }

    @Test
    void aContactSharedForAnyOtherReasonIsSomeoneElsesPhone() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("contact-request-shared-phone.json").replace("\"origin\": \"contact_request\",", ""));
        assertTrue(only().phones().isEmpty());
        assertTrue(new ContactBook(ctx.store(), ctx.json()).lookup("5511987654321").isEmpty());
    }
}
