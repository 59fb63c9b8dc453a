package dev.switchboard.spi;

import java.util.Objects;

/**
 * One message of {@link Conversations#postAll}: the arguments of {@link Conversations#post} as one value.
 *
 * @param visitorToken the visitor's token ({@link Visitor#token()}); not blank
 * @param alias        the room's alias when it is opened now; null uses the app's id
 * @param message      the message
 * @since 1.5.0
 */
public record ChannelPost(String visitorToken, String alias, InboundMessage message) {

    /**
     * Validates the components.
     *
     * @param visitorToken the visitorToken component
     * @param alias the alias component
     * @param message the message component
     * @throws NullPointerException     if {@code visitorToken} or {@code message} is null
     * @throws IllegalArgumentException if {@code visitorToken} is blank
     */
    public ChannelPost {
        Checks.requireNonBlank(visitorToken, "visitorToken");
        Objects.requireNonNull(message, "message");
    }
}
