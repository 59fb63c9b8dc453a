package dev.switchboard.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An operator or agent who calls the authenticated API. */
public record User(String id, String username, String name, String email, List<Role> roles, Instant createdAt,
                   Instant updatedAt) {
    public User {
        Objects.requireNonNull(id, "id");
        roles = List.copyOf(roles);
    }

    public boolean has(String permission) {
        for (Role role : roles) {
            if (role.permissions().contains(permission)) {
                return true;
            }
        }
        return false;
    }
}
