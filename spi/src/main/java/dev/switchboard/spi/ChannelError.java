package dev.switchboard.spi;

/**
 * An error as a channel reports it, for example one of WhatsApp's {@code errors[]} ({@code code} 131047,
 * {@code title} "Re-engagement message"). Stored and shown to agents as given; it must hold no secrets.
 *
 * @param code   the channel's error code, for example {@code "131047"}; not blank
 * @param title  a short description; not blank
 * @param detail further detail, or null
 * @since 1.4.0
 */
public record ChannelError(String code, String title, String detail) {

    /**
     * Validates the components.
     *
     * @param code the code component
     * @param title the title component
     * @param detail the detail component; blank becomes null
     * @throws NullPointerException     if {@code code} or {@code title} is null
     * @throws IllegalArgumentException if {@code code} or {@code title} is blank
     */
    public ChannelError {
        Checks.requireNonBlank(code, "code");
        Checks.requireNonBlank(title, "title");
        detail = Checks.blankToNull(detail);
    }

    /**
     * Creates an error without detail.
     *
     * @param code  the channel's error code
     * @param title a short description
     * @return the error
     */
    public static ChannelError of(String code, String title) {
        return new ChannelError(code, title, null);
    }
}
