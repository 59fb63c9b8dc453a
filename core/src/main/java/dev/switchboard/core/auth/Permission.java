package dev.switchboard.core.auth;

/** Rocket.Chat permission names that routes require; {@link Role} says who holds them. */
public final class Permission {
    /** Agents and up: look up visitors, read departments and custom field definitions. */
    public static final String VIEW_L_ROOM = "view-l-room";
    /** Managers and up: define custom fields, erase visitors by id. */
    public static final String VIEW_LIVECHAT_MANAGER = "view-livechat-manager";
    /** Managers and up: create, change and remove departments. */
    public static final String MANAGE_LIVECHAT_DEPARTMENTS = "manage-livechat-departments";
    /** Managers and up: change another agent's availability ({@code agent.status} with {@code agentId}). */
    public static final String MANAGE_LIVECHAT_AGENTS = "manage-livechat-agents";
    /** Agents and up: close a room they are in ({@code livechat/room.closeByUser}). */
    public static final String CLOSE_LIVECHAT_ROOM = "close-livechat-room";
    /** Managers and up: close rooms they are not in. */
    public static final String CLOSE_OTHERS_LIVECHAT_ROOM = "close-others-livechat-room";
    /** Managers and up: forward a room to another agent or department ({@code livechat/room.forward}). */
    public static final String TRANSFER_LIVECHAT_GUEST = "transfer-livechat-guest";
    /** Managers and up: see (and join) every livechat room. */
    public static final String VIEW_LIVECHAT_ROOMS = "view-livechat-rooms";
    /** Managers and up: test the omnichannel webhook, list and replay its dead letters. */
    public static final String VIEW_LIVECHAT_WEBHOOKS = "view-livechat-webhooks";
    /** Everyone: issue, list and revoke one's own personal access tokens. */
    public static final String CREATE_PERSONAL_ACCESS_TOKENS = "create-personal-access-tokens";
    /** Admins: create users. */
    public static final String CREATE_USER = "create-user";
    /** Admins: list apps, change their settings, enable and disable them. */
    public static final String MANAGE_APPS = "manage-apps";
    /** Admins: read every host setting ({@code GET /api/v1/settings/:_id}, non-public ones in the list). */
    public static final String VIEW_PRIVILEGED_SETTING = "view-privileged-setting";
    /** Admins: change host settings. */
    public static final String EDIT_PRIVILEGED_SETTING = "edit-privileged-setting";
    /** Admins: manage other users' tokens. */
    public static final String EDIT_OTHER_USER_INFO = "edit-other-user-info";

    private Permission() { }
}
