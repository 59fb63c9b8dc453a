package dev.switchboard.spi;

/**
 * One of an app's rooms, as {@link Conversations} returns it: a livechat room whose source is
 * {@code {type: "app", id: <appId>, alias}}.
 *
 * @param id           the room's id ({@code rid})
 * @param visitorId    the visitor's {@link Visitor#id()}
 * @param visitorToken the visitor's token
 * @param alias        the room's source alias; never blank
 * @param open         whether the room is open
 * @param created      whether this call opened it
 * @since 1.4.0
 */
public record ChannelRoom(String id, String visitorId, String visitorToken, String alias, boolean open,
                          boolean created) {

    /**
     * Validates the components.
     *
     * @param id the id component
     * @param visitorId the visitorId component
     * @param visitorToken the visitorToken component
     * @param alias the alias component
     * @param open the open component
     * @param created the created component
     * @throws NullPointerException     if a string is null
     * @throws IllegalArgumentException if a string is blank
     */
    public ChannelRoom {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(visitorId, "visitorId");
        Checks.requireNonBlank(visitorToken, "visitorToken");
        Checks.requireNonBlank(alias, "alias");
    }
}
