package dev.switchboard.core.department;

import java.time.Instant;
import java.util.Objects;

/** A livechat department ({@code ILivechatDepartment}'s core fields). Names are unique. */
public record Department(String id, String name, boolean enabled, boolean showOnRegistration, String email,
                         String description, Instant updatedAt) {
    public Department {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
