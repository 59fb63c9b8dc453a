package dev.switchboard.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ChannelSender} answers for one message.
 *
 * @since 1.4.0
 */
public sealed interface DeliveryResult {

    /**
     * The channel accepted the message; its status becomes {@code accepted} until receipts arrive.
     *
     * @param channelMessageId the channel's id of the sent message, which {@link Conversations#receipt} names
     *                         later; null when the channel gives none (then no receipt can find it)
     */
    record Delivered(String channelMessageId) implements DeliveryResult {
        /**
         * Validates the component.
         *
         * @param channelMessageId the channelMessageId component; blank becomes null
         * @throws IllegalArgumentException if it is longer than
         *                                  {@value Conversations#MAX_CHANNEL_MESSAGE_ID_LENGTH} characters
         */
        public Delivered {
            channelMessageId = Checks.blankToNull(channelMessageId);
            if (channelMessageId != null
                    && channelMessageId.length() > Conversations.MAX_CHANNEL_MESSAGE_ID_LENGTH) {
                throw new IllegalArgumentException("channelMessageId is longer than "
                        + Conversations.MAX_CHANNEL_MESSAGE_ID_LENGTH + " characters");
            }
        }
    }

    /**
     * Not now: the host hands the message over again later.
     *
     * @param delay  how long to wait, or null for the host's backoff
     * @param reason why, for the host's log and the message's status; not blank
     */
    record RetryLater(Duration delay, String reason) implements DeliveryResult {
        /**
         * Validates the components.
         *
         * @param delay the delay component
         * @param reason the reason component
         * @throws NullPointerException     if {@code reason} is null
         * @throws IllegalArgumentException if {@code delay} is negative or {@code reason} blank
         */
        public RetryLater {
            if (delay != null && delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
            Checks.requireNonBlank(reason, "reason");
        }
    }

    /**
     * The message cannot be sent (the visitor is unreachable, the reply window closed, the channel refused it); it
     * is never tried again and agents see the error in its status.
     *
     * @param error why, as the channel or the app names it
     */
    record Failed(ChannelError error) implements DeliveryResult {
        /**
         * Validates the component.
         *
         * @param error the error component
         * @throws NullPointerException if {@code error} is null
         */
        public Failed {
            Objects.requireNonNull(error, "error must not be null");
        }
    }

    /**
     * The channel accepted the message.
     *
     * @param channelMessageId the channel's id of it, or null
     * @return the result
     */
    static DeliveryResult delivered(String channelMessageId) {
        return new Delivered(channelMessageId);
    }

    /**
     * Try again after the host's backoff.
     *
     * @param reason why
     * @return the result
     */
    static DeliveryResult retryLater(String reason) {
        return new RetryLater(null, reason);
    }

    /**
     * Try again after {@code delay} (a channel's {@code Retry-After}, say).
     *
     * @param delay  how long to wait
     * @param reason why
     * @return the result
     */
    static DeliveryResult retryAfter(Duration delay, String reason) {
        return new RetryLater(Objects.requireNonNull(delay, "delay must not be null"), reason);
    }

    /**
     * Give up on the message.
     *
     * @param code  the channel's or app's error code
     * @param title a short description
     * @return the result
     */
    static DeliveryResult failed(String code, String title) {
        return new Failed(ChannelError.of(code, title));
    }
}
