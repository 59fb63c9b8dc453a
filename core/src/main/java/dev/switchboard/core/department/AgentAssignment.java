package dev.switchboard.core.department;

/**
 * An item of a department's {@code agents} (Rocket.Chat's {@code upsert}): the user to add or update, with its
 * {@code count} and {@code order} (0 when not given). The username is taken from the user, as Rocket.Chat does.
 */
public record AgentAssignment(String agentId, long count, long order) {
}
