package dev.switchboard.core.realtime;

import java.util.concurrent.CompletableFuture;

/**
 * Where the websocket reports a visitor's connection status, as Rocket.Chat's {@code notifyGuestStatusChanged}:
 * when a connection on which {@code livechat:setUpConnection} named a visitor token closes, the visitor's open
 * rooms (and their inquiries) get status {@code offline}. The conversations domain implements it.
 */
public interface VisitorPresence {

    /** Records that the visitor with {@code visitorToken} is now {@code status} ({@code offline} on disconnect). */
    CompletableFuture<Void> statusChanged(String visitorToken, String status);
}
