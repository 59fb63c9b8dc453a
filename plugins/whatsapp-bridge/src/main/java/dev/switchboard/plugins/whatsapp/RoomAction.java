package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.InboundMessage;

/** What one inbound WhatsApp message asks of the visitor's room: a new message, or a change to an earlier one. */
sealed interface RoomAction {

    /** Post a message ({@code text}, media, location, contacts, replies, reactions, orders, system, …). */
    record Post(InboundMessage message) implements RoomAction {
    }

    /**
     * The user edited an earlier message ({@code type: "edit"}): its text (or caption) becomes {@code text}.
     *
     * @param target the wamid of the edited message ({@code edit.original_message_id})
     * @param text   the new text or caption
     */
    record Edit(String target, String text) implements RoomAction {
    }

    /**
     * The user deleted an earlier message for everyone ({@code type: "revoke"}).
     *
     * @param target the wamid of the deleted message ({@code revoke.original_message_id})
     */
    record Revoke(String target) implements RoomAction {
    }
}
