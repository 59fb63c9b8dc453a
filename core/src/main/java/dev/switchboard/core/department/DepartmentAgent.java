package dev.switchboard.core.department;

/**
 * One agent of a department ({@code ILivechatDepartmentAgents}): the user's id and username, and the routing
 * figures Rocket.Chat keeps ({@code count}, {@code order}).
 */
public record DepartmentAgent(String id, String agentId, String departmentId, boolean departmentEnabled,
                              String username, long count, long order) {
}
