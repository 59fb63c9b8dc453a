package dev.switchboard.core.desk;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcInquiryStore;
import dev.switchboard.core.store.Page;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The inquiry queue as agents use it (Rocket.Chat's Manual_Selection): what an agent may take, and taking it,
 * exactly once however many agents try at the same moment. The taker's join reaches the room's realtime
 * subscribers as when an agent takes a room by writing into it.
 */
public final class InquiryService {
    private final JdbcInquiryStore inquiries;
    private final AgentService agents;
    private final RoomService rooms;
    private final InquiryEvents events;
    private final Clock clock;

    public InquiryService(JdbcInquiryStore inquiries, AgentService agents, RoomService rooms, InquiryEvents events,
                          Clock clock) {
        this.inquiries = inquiries;
        this.agents = agents;
        this.rooms = rooms;
        this.events = events;
        this.clock = clock;
    }

    public CompletableFuture<Page<Inquiry>> queuedFor(User user, String department, int offset, int count) {
        return inquiries.queuedFor(user.id(), department, offset, count);
    }

    /**
     * {@code caller} takes inquiry {@code inquiryId}, or has user {@code userId} take it: no such user is Rocket.Chat's
     * {@code The user is invalid}; a user that is no online agent fails the take itself. Rocket.Chat lets any agent
     * name another; Switchboard lets only managers ({@code view-livechat-manager}) do so.
     */
    public CompletableFuture<Inquiry> take(User caller, String inquiryId, String userId) {
        if (userId == null || userId.equals(caller.id())) {
            return take(inquiryId, caller.id());
        }
        if (!caller.has(Permission.VIEW_LIVECHAT_MANAGER)) {
            throw ApiError.meteor("error-not-allowed", "Not allowed");
        }
        return agents.user(userId).thenCompose(user -> {
            if (user.isEmpty()) {
                throw ApiError.plain("The user is invalid");
            }
            return take(inquiryId, userId);
        });
    }

    private CompletableFuture<Inquiry> take(String inquiryId, String agentId) {
        return inquiries.take(inquiryId, agentId, clock.instant()).thenApply(taken -> {
            rooms.announceJoin(taken.inquiry().room().id(), taken.agent(), taken.joined());
            events.changed(taken.inquiry());
            return taken.inquiry();
        });
    }
}
