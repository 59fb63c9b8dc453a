package dev.switchboard.core.visitor;

import java.util.List;
import java.util.Objects;

/**
 * What a registration asks for, already shape-checked: {@code token} is non-blank, {@code email} is normalised
 * ({@link Emails}), {@code phone} is verbatim, blank optional strings are null. {@code matchesContacts} says whether
 * the registration may land on a visitor by phone or email, not only by token: true for an app, which vouches for
 * the contact data it passes; for the visitor API only under {@code --visitor-matching rocketchat}.
 */
public record RegistrationRequest(
        String token,
        String name,
        String email,
        String phone,
        String department,
        String username,
        List<CustomFieldValue> customFields,
        boolean matchesContacts) {

    public RegistrationRequest {
        Objects.requireNonNull(token, "token");
        customFields = customFields == null ? List.of() : List.copyOf(customFields);
    }

    /** A request that may match by phone or email (an app's, or one under Rocket.Chat's rules). */
    public RegistrationRequest(String token, String name, String email, String phone, String department,
                               String username, List<CustomFieldValue> customFields) {
        this(token, name, email, phone, department, username, customFields, true);
    }

    /** This request, landing on an existing visitor only by its token. */
    public RegistrationRequest tokenOnly() {
        return new RegistrationRequest(token, name, email, phone, department, username, customFields, false);
    }

    /** The digits the phone is matched on, or null when no phone was given or it has no digits. */
    public String phoneDigits() {
        return PhoneNumbers.digits(phone);
    }

    public static RegistrationRequest ofToken(String token) {
        return new RegistrationRequest(token, null, null, null, null, null, List.of());
    }
}
