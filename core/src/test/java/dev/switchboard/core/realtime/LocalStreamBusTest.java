package dev.switchboard.core.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One node's bus says an event is heard exactly while a subscriber of its stream and name is there. */
class LocalStreamBusTest {
    private final LocalStreamBus bus = new LocalStreamBus();

    @Test
    void anEventIsHeardOnlyWhileItsStreamAndNameHaveASubscriber() {
        assertFalse(bus.heard(StreamEvent.ROOM_MESSAGES, "room-1"), "nobody subscribed yet");
        List<String> heard = new CopyOnWriteArrayList<>();
        StreamBus.Subscription first = bus.subscribe(StreamEvent.ROOM_MESSAGES, "room-1",
                event -> heard.add("first " + event.argsJson()));
        StreamBus.Subscription second = bus.subscribe(StreamEvent.ROOM_MESSAGES, "room-1",
                event -> heard.add("second " + event.argsJson()));

        assertTrue(bus.heard(StreamEvent.ROOM_MESSAGES, "room-1"));
        assertFalse(bus.heard(StreamEvent.ROOM_MESSAGES, "room-2"), "another room's name");
        assertFalse(bus.heard(StreamEvent.NOTIFY_ROOM, "room-1"), "another stream, the same name");
        bus.publish(new StreamEvent(StreamEvent.ROOM_MESSAGES, "room-1", "[1]"));
        assertEquals(2, heard.size(), heard.toString());

        first.close();
        assertTrue(bus.heard(StreamEvent.ROOM_MESSAGES, "room-1"), "one subscriber is left");
        second.close();
        second.close();
        assertFalse(bus.heard(StreamEvent.ROOM_MESSAGES, "room-1"), "the last subscriber left");
        bus.publish(new StreamEvent(StreamEvent.ROOM_MESSAGES, "room-1", "[2]"));
        assertEquals(2, heard.size(), "nobody hears it any more: " + heard);
    }
}
