package dev.switchboard.core.visitor;

import java.util.Objects;

/**
 * A custom field an operator defined ({@code rocketchat_livechat_custom_field}). Its {@code id} is the field name
 * that registration keys refer to.
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
        boolean isPublic) {

    public static final String SCOPE_VISITOR = "visitor";
    public static final String SCOPE_ROOM = "room";
    public static final String HIDDEN = "hidden";

    public CustomFieldDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
    }

    /** Registration only touches visitor-scoped fields that are not hidden (Rocket.Chat §1.1.2). */
    public boolean appliesToRegistration() {
        return SCOPE_VISITOR.equals(scope) && !HIDDEN.equals(visibility);
    }
}
