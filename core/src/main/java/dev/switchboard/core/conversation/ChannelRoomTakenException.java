package dev.switchboard.core.conversation;

/**
 * A channel app asked for its room of a visitor whose open room came from elsewhere (the widget, the API, another
 * app): a visitor has one open room, and an app writes only into its own. The message names nothing of the other
 * room.
 */
public final class ChannelRoomTakenException extends RuntimeException {
    public ChannelRoomTakenException() {
        super("the visitor's open room belongs to another source");
    }
}
