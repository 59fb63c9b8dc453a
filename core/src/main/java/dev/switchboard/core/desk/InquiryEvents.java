package dev.switchboard.core.desk;

import dev.switchboard.core.http.DeskJson;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import java.util.function.BooleanSupplier;

/**
 * The inquiry queue as agents' clients watch it: Rocket.Chat's {@code livechat-inquiry-queue-observer} stream,
 * event {@code public} for inquiries without a department and {@code department/<id>} for the others, args
 * {@code [{type, ...inquiry}]}. As in Rocket.Chat, only a routing method without automatic assignment
 * (Manual_Selection) has a queue agents watch; otherwise nothing is published. Called after the change committed.
 */
public final class InquiryEvents {
    private final StreamBus streams;
    private final BooleanSupplier manualSelection;

    /** @param manualSelection whether {@code Livechat_Routing_Method} is {@code Manual_Selection}, read each time */
    public InquiryEvents(StreamBus streams, BooleanSupplier manualSelection) {
        this.streams = streams;
        this.manualSelection = manualSelection;
    }

    /**
     * A new room's inquiry entered the queue. Rocket.Chat inserts it ({@code added}) and then queues it
     * ({@code changed}); its client lists a public inquiry only on the second, so both go out.
     */
    public void queued(Inquiry inquiry) {
        if (inquiry != null && Inquiry.QUEUED.equals(inquiry.status())) {
            publish("added", inquiry);
            publish("changed", inquiry);
        }
    }

    /** The inquiry changed: taken, back in the queue, or moved to another department. */
    public void changed(Inquiry inquiry) {
        if (inquiry != null) {
            publish("changed", inquiry);
        }
    }

    /** The inquiry is gone (its room closed). */
    public void removed(Inquiry inquiry) {
        if (inquiry != null) {
            publish("removed", inquiry);
        }
    }

    private void publish(String type, Inquiry inquiry) {
        if (!manualSelection.getAsBoolean()) {
            return;
        }
        String department = inquiry.room().departmentId();
        streams.publish(new StreamEvent(StreamEvent.INQUIRY_QUEUE, department == null ? "public"
                : "department/" + department, DeskJson.inquiryEventArgs(type, inquiry)));
    }
}
