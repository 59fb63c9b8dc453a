package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ChannelPost;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.PostOutcome;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorNotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what WhatsApp reported into the visitors' rooms through the host's {@link Conversations}, for one batch
 * of inbox entries: messages into the rooms of this app (opened when there are none; alias
 * {@code WhatsApp +<business number>}), edits and revokes of earlier ones, and the receipts of the agents' messages.
 * Messages are collected and posted together ({@link Conversations#postAll}: one host call, one transaction),
 * before any edit or revoke (which may name one of them) and at {@link #finish}. Every call is idempotent in the
 * host (per wamid), so handling a delivery again changes nothing. A visitor's message also opens (or extends) the
 * 24-hour customer-service window ({@link ServiceWindow}, recorded for the whole batch at {@link #finish}); system
 * notices (a changed number) do not, since the user did not write them. One instance per batch, on one thread.
 */
final class RoomWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RoomWriter.class);
    /** How long a status may wait for the send it names to be recorded (the host's hand-over lease is a minute). */
    static final long RECEIPT_WAIT_SECONDS = 300;

    /** A message waiting to be posted, with the visitor and the inbox entry it came from. */
    private record Pending(ChannelPost post, Event event, Visitor visitor, String entry) {
    }

    private final Conversations conversations;
    private final ServiceWindow window;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Long> windows = new LinkedHashMap<>();
    private final Set<String> waiting = new HashSet<>();

    RoomWriter(AppContext context) {
        this.conversations = context.conversations();
        this.window = new ServiceWindow(context.store());
    }

    /**
     * Applies an event's action to the visitor's room: a message is collected for the next post of the batch; an
     * edit or revoke is applied at once, after the messages collected before it.
     *
     * @param entry the inbox entry the event came from
     * @throws dev.switchboard.spi.VisitorNotFoundException if a collected message's visitor is gone
     */
    void apply(Event event, Visitor visitor, String entry) {
        RoomAction action = event.action();
        if (action instanceof RoomAction.Post post) {
            pending.add(new Pending(new ChannelPost(visitor.token(), alias(event), post.message()), event, visitor,
                    entry));
            return;
        }
        postPending();
        if (action instanceof RoomAction.Edit edit) {
            if (conversations.edit(edit.target(), edit.text()).isEmpty()) {
                LOG.debug("edit {} names no message of this app; skipped", event.wamid());
            }
        } else if (action instanceof RoomAction.Revoke revoke) {
            conversations.revoke(revoke.target());
        }
    }

    /**
     * Posts the messages still collected and records the batch's service windows; returns once both are durable.
     *
     * @return the inbox entries with a message the host refused because its visitor has an open room of another
     *         source (a visitor has one open room at a time): they wait, and are tried again by a later drain
     * @throws dev.switchboard.spi.VisitorNotFoundException if a message's visitor is gone
     */
    Set<String> finish() {
        postPending();
        window.inboundAll(windows);
        windows.clear();
        return waiting;
    }

    /** Posts the collected messages in one host call; each refused one holds back its entry. */
    private void postPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<PostOutcome> outcomes = conversations.postAll(pending.stream().map(Pending::post).toList());
        for (int i = 0; i < outcomes.size(); i++) {
            Pending each = pending.get(i);
            PostOutcome outcome = outcomes.get(i);
            if (outcome.refusal() == PostOutcome.Refusal.VISITOR_NOT_FOUND) {
                throw new VisitorNotFoundException(each.visitor().id());
            } else if (outcome.refusal() == PostOutcome.Refusal.ROOM_UNAVAILABLE) {
                waiting.add(each.entry());
            } else if (!(each.post().message().content() instanceof MessageContent.Other other
                    && "system".equals(other.kind()))) {
                Long at = VisitorLinker.seconds(each.event().timestamp());
                if (at != null) {
                    windows.merge(each.visitor().id(), at, Math::max);
                }
            }
        }
        pending.clear();
    }

    /**
     * Records a status as the receipt of the agent's message it names.
     *
     * <p>Meta may report a status before the host has recorded the send it belongs to: the webhook can overtake
     * the answer of the send call. So a status that names no agent message yet is not settled while it is younger
     * than {@value #RECEIPT_WAIT_SECONDS} seconds (by its {@code timestamp}); older ones, and statuses of messages
     * someone else sent from the same number, are skipped.
     *
     * @param nowSeconds the current time, unix seconds
     * @return false if the status should be tried again later
     */
    boolean receipt(Status status, long nowSeconds) {
        Optional<Receipt> receipt = status.receipt();
        if (receipt.isEmpty() || conversations.receipt(status.wamid(), receipt.get())) {
            return true;
        }
        Long at = VisitorLinker.seconds(status.timestamp());
        if (at != null && nowSeconds - at < RECEIPT_WAIT_SECONDS) {
            LOG.debug("status {} of {} names no agent message yet; kept", status.status(), status.wamid());
            return false;
        }
        LOG.debug("status {} of {} names no agent message; skipped", status.status(), status.wamid());
        return true;
    }

    private static String alias(Event event) {
        String digits = DeliveryParser.phoneDigits(event.businessPhone());
        return digits == null ? "WhatsApp" : "WhatsApp +" + digits;
    }
}
