package dev.switchboard.core.visitor;

import java.util.List;
import java.util.Objects;

/**
 * What a registration asks for, already shape-checked: {@code token} is non-blank, {@code email} is trimmed and
 * lower-cased, {@code phone} is verbatim, blank optional strings are null.
 */
public record RegistrationRequest(
        String token,
        String name,
        String email,
        String phone,
        String department,
        String username,
        List<CustomFieldValue> customFields) {

    public RegistrationRequest {
        Objects.requireNonNull(token, "token");
        customFields = customFields == null ? List.of() : List.copyOf(customFields);
    }

    /** The digits the phone is matched on, or null when no phone was given or it has no digits. */
    public String phoneDigits() {
        return PhoneNumbers.digits(phone);
    }

    public static RegistrationRequest ofToken(String token) {
        return new RegistrationRequest(token, null, null, null, null, null, List.of());
    }
}
