package dev.switchboard.core.widget;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds a visitor's open room for the widget's configuration (Rocket.Chat's {@code findOpenRoom} and
 * {@code findAgent}). The conversations service implements it and registers it with
 * {@link WidgetConfigService#useOpenRooms}.
 */
@FunctionalInterface
public interface OpenRoomLookup {
    /** The open room of the visitor whose token this is, with the agent serving it, if any. */
    CompletableFuture<Optional<OpenRoom>> openRoom(String visitorToken);

    /**
     * What the widget's configuration shows of an open room ({@code {_id, departmentId, servedBy, open}}).
     *
     * @param departmentId null when the room has none
     * @param servedBy     null while no agent serves it
     */
    record OpenRoom(String id, String departmentId, ServingAgent servedBy) { }

    /**
     * The agent serving a room, as Rocket.Chat's {@code getAgentInfo} reads it; null fields are left out.
     *
     * @param email shown only while {@code Livechat_show_agent_email} is on
     */
    record ServingAgent(String id, String username, String name, String status, String email, String phone) { }
}
