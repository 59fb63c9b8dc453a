package dev.switchboard.spi;

/**
 * An inbound message as the host stored it.
 *
 * @param messageId        the host's message id ({@code _id})
 * @param roomId           the room it is in
 * @param channelMessageId the channel's id of the message
 * @param created          true if this call stored it; false if an earlier call with the same channel message id
 *                         did (a retried delivery)
 * @since 1.4.0
 */
public record PostedMessage(String messageId, String roomId, String channelMessageId, boolean created) {

    /**
     * Validates the components.
     *
     * @param messageId the messageId component
     * @param roomId the roomId component
     * @param channelMessageId the channelMessageId component
     * @param created the created component
     * @throws NullPointerException     if a string is null
     * @throws IllegalArgumentException if a string is blank
     */
    public PostedMessage {
        Checks.requireNonBlank(messageId, "messageId");
        Checks.requireNonBlank(roomId, "roomId");
        Checks.requireNonBlank(channelMessageId, "channelMessageId");
    }
}
