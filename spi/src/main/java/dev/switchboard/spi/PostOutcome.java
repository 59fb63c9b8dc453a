package dev.switchboard.spi;

import java.util.Objects;

/**
 * What became of one message of {@link Conversations#postAll}: stored (or found stored by an earlier post of its
 * channel message id), or refused for a reason that concerns that message alone.
 *
 * @param posted  the stored message; null when refused
 * @param refusal why the message was not posted; null when posted
 * @since 1.5.0
 */
public record PostOutcome(PostedMessage posted, Refusal refusal) {

    /** Why one message of a {@link Conversations#postAll} was not posted; {@link Conversations#post} throws instead. */
    public enum Refusal {
        /** The visitor's open room belongs to another source ({@link RoomUnavailableException} of {@code post}). */
        ROOM_UNAVAILABLE,
        /** No visitor has the token, or it was erased ({@link VisitorNotFoundException} of {@code post}). */
        VISITOR_NOT_FOUND
    }

    /**
     * Validates the components.
     *
     * @param posted the posted component
     * @param refusal the refusal component
     * @throws IllegalArgumentException unless exactly one of the two is given
     */
    public PostOutcome {
        if ((posted == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of posted and refusal must be given");
        }
    }

    /**
     * A message that is stored.
     *
     * @param posted the stored message
     * @return the outcome
     */
    public static PostOutcome of(PostedMessage posted) {
        return new PostOutcome(Objects.requireNonNull(posted, "posted"), null);
    }

    /**
     * A message that was refused.
     *
     * @param refusal why
     * @return the outcome
     */
    public static PostOutcome refused(Refusal refusal) {
        return new PostOutcome(null, Objects.requireNonNull(refusal, "refusal"));
    }

    /**
     * Whether the message is stored.
     *
     * @return true if {@link #posted()} is set
     */
    public boolean isPosted() {
        return posted != null;
    }
}
