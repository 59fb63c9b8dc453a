package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.Visitor;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what WhatsApp reported into the visitor's room through the host's {@link Conversations}: a message into
 * the room of this app (opened when there is none; alias {@code WhatsApp +<business number>}), an edit or a revoke
 * of an earlier one, and the receipts of the agents' messages. Every call is idempotent in the host (per wamid), so
 * handling a delivery again changes nothing. A visitor's message also opens (or extends) the 24-hour
 * customer-service window ({@link ServiceWindow}); system notices (a changed number) do not, since the user did not
 * write them. Thread-safe.
 */
final class RoomWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RoomWriter.class);
    /** How long a status may wait for the send it names to be recorded (the host's hand-over lease is a minute). */
    static final long RECEIPT_WAIT_SECONDS = 300;

    private final Conversations conversations;
    private final ServiceWindow window;

    RoomWriter(AppContext context) {
        this.conversations = context.conversations();
        this.window = new ServiceWindow(context.store());
    }

    /**
     * Applies an event's action to the visitor's room; returns once the write is durable.
     *
     * @throws dev.switchboard.spi.RoomUnavailableException if the visitor's open room belongs to another source
     */
    void apply(Event event, Visitor visitor) {
        RoomAction action = event.action();
        if (action instanceof RoomAction.Post post) {
            conversations.post(visitor.token(), alias(event), post.message());
            if (!(post.message().content() instanceof MessageContent.Other other && "system".equals(other.kind()))) {
                Long at = VisitorLinker.seconds(event.timestamp());
                if (at != null) {
                    window.inbound(visitor.id(), at);
                }
            }
        } else if (action instanceof RoomAction.Edit edit) {
            if (conversations.edit(edit.target(), edit.text()).isEmpty()) {
                LOG.debug("edit {} names no message of this app; skipped", event.wamid());
            }
        } else if (action instanceof RoomAction.Revoke revoke) {
            conversations.revoke(revoke.target());
        }
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
