package dev.switchboard.core.desk;

import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcAgentStore;
import dev.switchboard.core.store.Page;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Agents and managers (Rocket.Chat's {@code livechat/users/:type}) and agents' availability
 * ({@code livechat/agent.status}). A role change makes this node's authentication cache forget, so the user's
 * next request has its new permissions.
 */
public final class AgentService {
    private final JdbcAgentStore agents;
    private final AuthService auth;
    private final Clock clock;

    public AgentService(JdbcAgentStore agents, AuthService auth, Clock clock) {
        this.agents = agents;
        this.auth = auth;
        this.clock = clock;
    }

    /**
     * Gives the user named {@code username} {@code role}; Rocket.Chat's plain {@code error-invalid-user} (its
     * {@code omni-users} throws an {@code Error}, not a {@code Meteor.Error}) when none has it.
     */
    public CompletableFuture<User> add(Role role, String username) {
        return agents.addRole(username, role, clock.instant()).thenApply(user -> {
            User changed = user.orElseThrow(AgentService::invalidUser);
            auth.userChanged(changed.id());
            return changed;
        });
    }

    /** Takes {@code role} from user {@code id} (whether it held it or not); {@code error-invalid-user} when none. */
    public CompletableFuture<Void> remove(Role role, String id) {
        return agents.removeRole(id, role, clock.instant()).thenAccept(found -> {
            if (!found) {
                throw invalidUser();
            }
            auth.userChanged(id);
        });
    }

    private static ApiError invalidUser() {
        return ApiError.plain("error-invalid-user");
    }

    public CompletableFuture<Page<ListedAgent>> list(Role role, JdbcAgentStore.Filter filter, int offset, int count) {
        return agents.list(role, filter, offset, count);
    }

    /** User {@code id} when it holds {@code role}, else empty (Rocket.Chat answers {@code user: null}). */
    public CompletableFuture<Optional<Agent>> find(Role role, String id) {
        return user(id).thenApply(found -> found.filter(agent -> agent.roles().contains(role)));
    }

    /** User {@code id}, whatever its roles. */
    public CompletableFuture<Optional<Agent>> user(String id) {
        return agents.find(id);
    }

    /** Whether an agent is online and available: the widget offers a chat, not its offline form. */
    public CompletableFuture<Boolean> anyOnline() {
        return agents.anyOnline();
    }

    /**
     * Rocket.Chat's {@code agent.status}: sets {@code status}, or without it toggles between {@code available} and
     * {@code not-available}, for the caller or (with {@code manage-livechat-agents}) for agent {@code agentId}.
     * Answers the agent's status afterwards. Switchboard has no business hours, so a change is never refused for
     * closed hours.
     */
    public CompletableFuture<String> changeStatus(User caller, String status, String agentId) {
        String target = agentId == null ? caller.id() : agentId;
        if (!target.equals(caller.id()) && !caller.has(Permission.MANAGE_LIVECHAT_AGENTS)) {
            // Checked before the lookup: a caller without the permission learns nothing about other agents.
            throw ApiError.forbidden();
        }
        return find(Role.AGENT, target).thenCompose(found -> {
            Agent agent = found.orElseThrow(() -> ApiError.plain(404, "Agent not found"));
            String next = status != null ? status : JdbcAgentStore.AVAILABLE.equals(agent.statusLivechat())
                    ? JdbcAgentStore.NOT_AVAILABLE : JdbcAgentStore.AVAILABLE;
            if (next.equals(agent.statusLivechat())) {
                return CompletableFuture.completedFuture(next);
            }
            return agents.setStatus(target, next, clock.instant()).thenApply(changed -> next);
        });
    }
}
