package dev.switchboard.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent's message the host hands to a {@link ChannelSender}.
 *
 * @param messageId     the host's message id; the same on every attempt
 * @param roomId        the room, one of this app's
 * @param visitorId     the room's visitor ({@link Visitor#id()}); look up its external ids through
 *                      {@link VisitorDirectory#findByToken(String)} to address it in the channel
 * @param visitorToken  the visitor's token
 * @param text          what the agent wrote; not null
 * @param agent         who wrote it
 * @param sentAt        when the agent sent it
 * @param lastInboundAt when the visitor's last message of this room reached the host, or null if it sent none
 *                      (channels with a reply window, such as WhatsApp's 24 hours, decide with it)
 * @param attempt       1 on the first hand-over, then 2, 3, …
 * @since 1.4.0
 */
public record OutboundMessage(String messageId, String roomId, String visitorId, String visitorToken, String text,
                              Agent agent, Instant sentAt, Instant lastInboundAt, int attempt) {

    /**
     * The agent who wrote a message.
     *
     * @param id       the agent's user id
     * @param username the agent's username
     * @param name     the agent's display name, or null
     */
    public record Agent(String id, String username, String name) {
        /**
         * Validates the components.
         *
         * @param id the id component
         * @param username the username component
         * @param name the name component
         * @throws NullPointerException     if {@code id} or {@code username} is null
         * @throws IllegalArgumentException if {@code id} or {@code username} is blank
         */
        public Agent {
            Checks.requireNonBlank(id, "id");
            Checks.requireNonBlank(username, "username");
            name = Checks.blankToNull(name);
        }
    }

    /**
     * Validates the components.
     *
     * @param messageId the messageId component
     * @param roomId the roomId component
     * @param visitorId the visitorId component
     * @param visitorToken the visitorToken component
     * @param text the text component
     * @param agent the agent component
     * @param sentAt the sentAt component
     * @param lastInboundAt the lastInboundAt component
     * @param attempt the attempt component
     * @throws NullPointerException     if a component other than {@code lastInboundAt} is null
     * @throws IllegalArgumentException if an id is blank or {@code attempt} is below 1
     */
    public OutboundMessage {
        Checks.requireNonBlank(messageId, "messageId");
        Checks.requireNonBlank(roomId, "roomId");
        Checks.requireNonBlank(visitorId, "visitorId");
        Checks.requireNonBlank(visitorToken, "visitorToken");
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(agent, "agent must not be null");
        Objects.requireNonNull(sentAt, "sentAt must not be null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
    }
}
