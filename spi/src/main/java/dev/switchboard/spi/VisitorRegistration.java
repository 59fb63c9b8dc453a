package dev.switchboard.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to register (create or update) a visitor, with the fields of Rocket.Chat's
 * {@code POST /api/v1/livechat/visitor} body. Used by {@link VisitorDirectory#register(VisitorRegistration)}
 * and {@link VisitorDirectory#resolveOrCreate(ExternalIdentity, ContactData, VisitorRegistration)}.
 *
 * <p>All components except {@code customFields} are nullable; blank strings are normalised to {@code null}.
 * A null {@code token} asks the host to generate one. The host matches an existing visitor by token, then
 * phone (digits only), then email (case-insensitive), like Rocket.Chat; a match is updated, otherwise a visitor
 * is created.
 *
 * @param token        the visitor token, or null to let the host generate one
 * @param name         the display name, or null
 * @param email        an email address, or null
 * @param phone        a phone number in any formatting, or null
 * @param department   a department id or name, or null
 * @param username     a username, or null to let the host generate one
 * @param customFields livechat custom field values by field id; never null, no null keys or values
 */
public record VisitorRegistration(
        String token,
        String name,
        String email,
        String phone,
        String department,
        String username,
        Map<String, String> customFields) {

    /**
     * Normalises blank strings to null and copies {@code customFields}.
     *
     * @param token the token component
     * @param name the name component
     * @param email the email component
     * @param phone the phone component
     * @param department the department component
     * @param username the username component
     * @param customFields the customFields component
     * @throws NullPointerException if {@code customFields} holds a null key or value
     */
    public VisitorRegistration {
        token = Checks.blankToNull(token);
        name = Checks.blankToNull(name);
        email = Checks.blankToNull(email);
        phone = Checks.blankToNull(phone);
        department = Checks.blankToNull(department);
        username = Checks.blankToNull(username);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /**
     * Starts a builder.
     *
     * @param token the visitor token, or null to let the host generate one
     * @return a new builder with all other fields unset
     */
    public static Builder builder(String token) {
        return new Builder(token);
    }

    /** Builds a {@link VisitorRegistration}. Not thread-safe. */
    public static final class Builder {
        private final String token;
        private String name;
        private String email;
        private String phone;
        private String department;
        private String username;
        private final Map<String, String> customFields = new LinkedHashMap<>();

        private Builder(String token) {
            this.token = token;
        }

        /**
         * Sets the display name.
         *
         * @param name the name, or null
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the email address.
         *
         * @param email the address, or null
         * @return this builder
         */
        public Builder email(String email) {
            this.email = email;
            return this;
        }

        /**
         * Sets the phone number.
         *
         * @param phone the number in any formatting, or null
         * @return this builder
         */
        public Builder phone(String phone) {
            this.phone = phone;
            return this;
        }

        /**
         * Sets the department.
         *
         * @param department a department id or name, or null
         * @return this builder
         */
        public Builder department(String department) {
            this.department = department;
            return this;
        }

        /**
         * Sets the username.
         *
         * @param username the username, or null to let the host generate one
         * @return this builder
         */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /**
         * Sets one custom field, replacing an earlier value for the same id.
         *
         * @param id    the custom field id; not null
         * @param value the value; not null
         * @return this builder
         */
        public Builder customField(String id, String value) {
            customFields.put(Objects.requireNonNull(id, "custom field id must not be null"),
                    Objects.requireNonNull(value, () -> "value of custom field " + id + " must not be null"));
            return this;
        }

        /**
         * Sets several custom fields, replacing earlier values for the same ids.
         *
         * @param fields values by custom field id; no null keys or values
         * @return this builder
         */
        public Builder customFields(Map<String, String> fields) {
            fields.forEach(this::customField);
            return this;
        }

        /**
         * Builds the registration.
         *
         * @return a new, immutable registration
         */
        public VisitorRegistration build() {
            return new VisitorRegistration(token, name, email, phone, department, username, customFields);
        }
    }
}
