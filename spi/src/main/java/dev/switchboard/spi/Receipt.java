package dev.switchboard.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a channel reported about a message it was given (WhatsApp's {@code statuses}).
 *
 * @param status what happened; not null
 * @param at     when, by the channel's clock, or null
 * @param error  why it failed: required with {@link Status#FAILED}, not allowed otherwise
 * @since 1.4.0
 */
public record Receipt(Status status, Instant at, ChannelError error) {

    /** A message's progress in the channel, in order. */
    public enum Status {
        /** The channel sent it on. */
        SENT,
        /** It reached the visitor's device. */
        DELIVERED,
        /** The visitor read it. */
        READ,
        /** The channel could not deliver it. */
        FAILED
    }

    /**
     * Validates the components.
     *
     * @param status the status component
     * @param at the at component
     * @param error the error component
     * @throws NullPointerException     if {@code status} is null
     * @throws IllegalArgumentException if {@code error} is given without {@link Status#FAILED} or missing with it
     */
    public Receipt {
        Objects.requireNonNull(status, "status must not be null");
        if ((status == Status.FAILED) != (error != null)) {
            throw new IllegalArgumentException("a FAILED receipt needs an error, and only a FAILED one has one");
        }
    }

    /**
     * A receipt without error.
     *
     * @param status {@link Status#SENT}, {@link Status#DELIVERED} or {@link Status#READ}
     * @param at     when, or null
     * @return the receipt
     */
    public static Receipt of(Status status, Instant at) {
        return new Receipt(status, at, null);
    }

    /**
     * A failure receipt.
     *
     * @param error the channel's error
     * @param at    when, or null
     * @return the receipt
     */
    public static Receipt failed(ChannelError error, Instant at) {
        return new Receipt(Status.FAILED, at, Objects.requireNonNull(error, "error must not be null"));
    }
}
