package dev.switchboard.spi;

import java.util.Objects;

/**
 * Contact details used to find an existing visitor when an app's entity id is not yet known
 * (see {@link VisitorDirectory#resolve(ExternalIdentity, ContactData)}).
 *
 * <p>Both components are optional. Blank strings are normalised to {@code null}. The host matches phones by
 * their digits only (so {@code "+1 (555) 010-0199"} matches {@code "15550100199"}) and emails
 * case-insensitively.
 *
 * @param phone a phone number in any formatting, or null
 * @param email an email address, or null
 */
public record ContactData(String phone, String email) {

    private static final ContactData NONE = new ContactData(null, null);

    /**
     * Normalises blank components to {@code null}.
     *
     * @param phone the phone component
     * @param email the email component
     */
    public ContactData {
        phone = Checks.blankToNull(phone);
        email = Checks.blankToNull(email);
    }

    /**
     * Returns contact data with neither phone nor email: resolution then only uses the entity id.
     *
     * @return the empty contact data
     */
    public static ContactData none() {
        return NONE;
    }

    /**
     * Creates contact data holding only a phone number.
     *
     * @param phone a phone number; must not be null or blank
     * @return the contact data
     * @throws NullPointerException     if {@code phone} is null
     * @throws IllegalArgumentException if {@code phone} is blank
     */
    public static ContactData ofPhone(String phone) {
        return new ContactData(Checks.requireNonBlank(phone, "phone"), null);
    }

    /**
     * Creates contact data holding only an email address.
     *
     * @param email an email address; must not be null or blank
     * @return the contact data
     * @throws NullPointerException     if {@code email} is null
     * @throws IllegalArgumentException if {@code email} is blank
     */
    public static ContactData ofEmail(String email) {
        return new ContactData(null, Checks.requireNonBlank(email, "email"));
    }

    /**
     * Tells whether this contact data holds neither a phone nor an email.
     *
     * @return true if both components are null
     */
    public boolean isEmpty() {
        return Objects.isNull(phone) && Objects.isNull(email);
    }
}
