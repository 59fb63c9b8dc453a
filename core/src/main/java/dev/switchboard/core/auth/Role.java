package dev.switchboard.core.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The roles a user can hold, and the Rocket.Chat permissions each grants. */
public enum Role {
    /** Rocket.Chat's default role: may manage its own tokens, nothing else here. */
    USER(Set.of(Permission.CREATE_PERSONAL_ACCESS_TOKENS)),
    AGENT(Set.of(Permission.VIEW_L_ROOM, Permission.CREATE_PERSONAL_ACCESS_TOKENS, Permission.CLOSE_LIVECHAT_ROOM)),
    MANAGER(Set.of(Permission.VIEW_L_ROOM, Permission.CREATE_PERSONAL_ACCESS_TOKENS,
            Permission.VIEW_LIVECHAT_MANAGER, Permission.MANAGE_LIVECHAT_DEPARTMENTS,
            Permission.MANAGE_LIVECHAT_AGENTS, Permission.CLOSE_LIVECHAT_ROOM, Permission.CLOSE_OTHERS_LIVECHAT_ROOM,
            Permission.TRANSFER_LIVECHAT_GUEST, Permission.VIEW_LIVECHAT_ROOMS, Permission.VIEW_LIVECHAT_WEBHOOKS)),
    ADMIN(Set.of(Permission.VIEW_L_ROOM, Permission.CREATE_PERSONAL_ACCESS_TOKENS,
            Permission.VIEW_LIVECHAT_MANAGER, Permission.MANAGE_LIVECHAT_DEPARTMENTS,
            Permission.MANAGE_LIVECHAT_AGENTS, Permission.CLOSE_LIVECHAT_ROOM, Permission.CLOSE_OTHERS_LIVECHAT_ROOM,
            Permission.TRANSFER_LIVECHAT_GUEST, Permission.VIEW_LIVECHAT_ROOMS, Permission.VIEW_LIVECHAT_WEBHOOKS,
            Permission.CREATE_USER, Permission.EDIT_OTHER_USER_INFO,
            Permission.MANAGE_APPS,
            Permission.VIEW_PRIVILEGED_SETTING, Permission.EDIT_PRIVILEGED_SETTING));

    private final Set<String> permissions;

    Role(Set<String> permissions) {
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    /** The name used on the wire and in the database: {@code admin}, {@code manager}, {@code agent}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
