package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.Receipt;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one webhook delivery says, parsed from Meta's JSON: who wrote what, and what became of the messages the
 * business sent.
 *
 * @param events   one event per inbound message ({@code messages[]}, in order, across every entry and change)
 *                 and per {@code user_id_update} item
 * @param pairings phone/BSUID pairs seen in statuses and message-less contacts
 * @param statuses the {@code statuses[]} items, in order (they never create visitors)
 * @param ignored  the number of changes of other fields, or of other objects, that were skipped
 */
record Delivery(List<Event> events, List<Pairing> pairings, List<Status> statuses, int ignored) {

    Delivery {
        events = List.copyOf(events);
        pairings = List.copyOf(pairings);
        statuses = List.copyOf(statuses);
    }

    /**
     * The rotations this delivery announces, as new id → the id it replaced (BSUIDs and parent BSUIDs alike),
     * from every {@link IdChange} that names both. Meta may put a message from the new BSUID before the
     * {@code user_changed_user_id} that announces it in the same delivery; linking that message also looks up
     * the old id, so it lands on the visitor that already holds it instead of creating a second one.
     *
     * @return an immutable map; empty when the delivery announces no rotation
     */
    Map<String, String> predecessors() {
        Map<String, String> out = new HashMap<>();
        for (Event event : events) {
            IdChange c = event.change();
            if (c != null) {
                putRotation(out, c.newBsuid(), c.oldBsuid());
                putRotation(out, c.newParent(), c.oldParent());
            }
        }
        return Map.copyOf(out);
    }

    private static void putRotation(Map<String, String> out, String newId, String oldId) {
        if (newId != null && oldId != null && !newId.equals(oldId)) {
            out.putIfAbsent(newId, oldId);
        }
    }

    /**
     * A phone and a BSUID seen together outside a message ({@code statuses[]} recipients, or {@code contacts[]}
     * of a change without messages). Feeds the contact book only; never creates or changes a visitor.
     *
     * @param phoneDigits the phone's digits
     * @param bsuid       the BSUID
     * @param parentBsuid the parent BSUID, or null
     */
    record Pairing(String phoneDigits, String bsuid, String parentBsuid) {
    }

    /**
     * A sender as one message (or id update) describes them.
     *
     * @param bsuid        the business-scoped user id, or null
     * @param parentBsuid  the parent BSUID, or null
     * @param phoneDigits  the phone as digits only (never a BSUID): {@code from}, the contact's {@code wa_id}, or
     *                     the number the sender shared in a {@code contact_request} answer; null when withheld
     * @param name         {@code profile.name}, or null
     * @param username     {@code profile.username}, or null
     * @param profileKnown whether a {@code contacts[]} entry with a profile described the sender (so a missing
     *                     username means the user has none)
     */
    record Sender(String bsuid, String parentBsuid, String phoneDigits, String name, String username,
                  boolean profileKnown) {
    }

    /**
     * An identity change: {@code user_changed_number}, {@code user_changed_user_id} or a {@code user_id_update}.
     * Null components are unknown.
     */
    record IdChange(String kind, String oldBsuid, String oldParent, String oldPhoneDigits,
                    String newBsuid, String newParent, String newPhoneDigits) {
    }

    /**
     * One thing that happened to one person.
     *
     * @param wamid         the message id ({@code messages[].id}), or null for id updates
     * @param timestamp     the message's {@code timestamp} (unix seconds as text), or null
     * @param type          the message type, or {@code user_id_update}
     * @param phoneNumberId the business number it arrived on ({@code metadata.phone_number_id}), or null
     * @param sender        who sent it
     * @param change        the identity change it announces, or null
     * @param businessPhone the business number's {@code metadata.display_phone_number}, or null
     * @param action        what the message asks of the visitor's room; null for id updates and messages
     *                      without an id
     */
    record Event(String wamid, String timestamp, String type, String phoneNumberId, Sender sender, IdChange change,
                 String businessPhone, RoomAction action) {
    }

    /**
     * A {@code statuses[]} item: what became of a message the business sent.
     *
     * @param wamid           the message it is about ({@code id})
     * @param status          {@code sent}, {@code delivered}, {@code read}, {@code failed} (or another value Meta
     *                        adds, kept as sent)
     * @param timestamp       unix seconds as text, or null
     * @param recipientUserId the recipient's BSUID, or null
     * @param recipientPhone  the recipient's phone digits (only when the message was sent to the phone), or null
     * @param phoneNumberId   the business number that sent it, or null
     * @param errors          why it failed ({@code errors[]})
     */
    record Status(String wamid, String status, String timestamp, String recipientUserId, String recipientPhone,
                  String phoneNumberId, List<ChannelError> errors) {
        Status {
            errors = List.copyOf(errors);
        }

        /**
         * The receipt this status reports, or empty for a status the SPI has no receipt for (Meta's
         * {@code deleted}, {@code warning}, …). A {@code failed} status carries its first error (Meta's code and
         * title), or an {@code unknown} one when Meta sent none.
         */
        Optional<Receipt> receipt() {
            Instant at = ContentParser.instant(timestamp);
            return switch (status) {
                case "sent" -> Optional.of(Receipt.of(Receipt.Status.SENT, at));
                case "delivered" -> Optional.of(Receipt.of(Receipt.Status.DELIVERED, at));
                case "read" -> Optional.of(Receipt.of(Receipt.Status.READ, at));
                case "failed" -> Optional.of(Receipt.failed(errors.isEmpty()
                        ? ChannelError.of("unknown", "WhatsApp reported the message failed without an error")
                        : errors.get(0), at));
                default -> Optional.empty();
            };
        }
    }
}
