package dev.switchboard.core.desk;

import dev.switchboard.core.auth.Role;
import java.util.List;

/**
 * A user as the agent and manager routes show it: Rocket.Chat's {@code statusLivechat} ({@code available},
 * {@code not-available}, null for a user who is not an agent) and {@code online}, Switchboard's stand-in for
 * presence (the user holds a login token).
 */
public record Agent(String id, String username, String name, String email, List<Role> roles, String statusLivechat,
                    boolean online) {
    public Agent {
        roles = List.copyOf(roles);
    }
}
