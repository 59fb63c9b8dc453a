package dev.switchboard.core.visitor;

import java.time.Instant;
import java.util.Objects;

/**
 * A custom field an operator defined ({@code rocketchat_livechat_custom_field}). Its {@code id} is the field name
 * that registration keys refer to. {@code updatedAt} is the last save ({@code _updatedAt}; null before the first).
 */
public record CustomFieldDefinition(
        String id,
        String label,
        String scope,
        String visibility,
        String type,
        String regexp,
        boolean required,
        boolean searchable,
        String defaultValue,
        String options,
        boolean isPublic,
        Instant updatedAt) {

    public static final String SCOPE_VISITOR = "visitor";
    public static final String SCOPE_ROOM = "room";
    public static final String HIDDEN = "hidden";

    public CustomFieldDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
    }

    /** This definition as saved under {@code id} at {@code time}. */
    public CustomFieldDefinition saved(String id, Instant time) {
        return new CustomFieldDefinition(id, label, scope, visibility, type, regexp, required, searchable,
                defaultValue, options, isPublic, time);
    }

    /** Registration only touches visitor-scoped fields that are not hidden (Rocket.Chat §1.1.2). */
    public boolean appliesToRegistration() {
        return SCOPE_VISITOR.equals(scope) && !HIDDEN.equals(visibility);
    }
}
