package dev.switchboard.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message a visitor sent through an app's channel, as the app hands it to
 * {@link Conversations#post(String, String, InboundMessage)}.
 *
 * @param channelMessageId the channel's id of the message (WhatsApp's {@code wamid…}): the key that makes a
 *                         retried delivery a no-op; not blank
 * @param sentAt           when the visitor sent it, by the channel's clock, or null; kept beside the host's own
 *                         time, which orders the room
 * @param content          what it carries; not null
 * @param replyTo          the channel's id of the message it answers, or null
 * @param referral         the advertisement or post it came from, or null
 * @param errors           errors the channel reported on it (an unsupported kind, say); never null
 * @since 1.4.0
 */
public record InboundMessage(String channelMessageId, Instant sentAt, MessageContent content, String replyTo,
                             Referral referral, List<ChannelError> errors) {

    /**
     * Validates and copies the components.
     *
     * @param channelMessageId the channelMessageId component
     * @param sentAt the sentAt component
     * @param content the content component
     * @param replyTo the replyTo component; blank becomes null
     * @param referral the referral component
     * @param errors the errors component; null becomes empty
     * @throws NullPointerException     if {@code channelMessageId}, {@code content} or an error is null
     * @throws IllegalArgumentException if {@code channelMessageId} is blank
     */
    public InboundMessage {
        Checks.requireNonBlank(channelMessageId, "channelMessageId");
        Objects.requireNonNull(content, "content must not be null");
        replyTo = Checks.blankToNull(replyTo);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /**
     * Creates a message without reply context, referral or errors.
     *
     * @param channelMessageId the channel's id of the message
     * @param sentAt           when the visitor sent it, or null
     * @param content          what it carries
     * @return the message
     */
    public static InboundMessage of(String channelMessageId, Instant sentAt, MessageContent content) {
        return new InboundMessage(channelMessageId, sentAt, content, null, null, List.of());
    }
}
