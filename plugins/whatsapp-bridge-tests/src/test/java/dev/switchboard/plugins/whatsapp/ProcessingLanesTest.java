package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessingLanesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(-SECOND / 2); // nanoTime may be negative
    private final ProcessingLanes lanes = new ProcessingLanes(nanos::get);

    private void arrive(int deliveries) {
        for (int i = 0; i < deliveries; i++) {
            lanes.arrived();
        }
    }

    private int takeAll() {
        int taken = 0;
        while (lanes.tryTake()) {
            taken++;
        }
        return taken;
    }

    @Test
    void calmDeliveriesGetEightLanesAndAReleasedLaneIsFreeAgain() {
        arrive(ProcessingLanes.FLOOD_PER_SECOND - 1);
        assertEquals(ProcessingLanes.CALM_LANES, takeAll());
        lanes.release();
        assertTrue(lanes.tryTake());
        assertFalse(lanes.tryTake());
    }

    @Test
    void aFloodNarrowsToTwoLanesUntilAWholeSecondIsCalm() {
        arrive(ProcessingLanes.FLOOD_PER_SECOND);
        assertTrue(lanes.flooding());
        assertEquals(ProcessingLanes.FLOOD_LANES, takeAll());

        nanos.addAndGet(SECOND); // the flood was the second before this one
        assertTrue(lanes.flooding());
        assertEquals(0, takeAll(), "the busy lanes are all a flood allows");

        nanos.addAndGet(SECOND); // a whole second without arrivals
        assertFalse(lanes.flooding());
        assertEquals(ProcessingLanes.CALM_LANES - ProcessingLanes.FLOOD_LANES, takeAll());
    }

    @Test
    void arrivalsCountPerSecondNotInTotal() {
        arrive(ProcessingLanes.FLOOD_PER_SECOND / 2);
        nanos.addAndGet(SECOND);
        arrive(ProcessingLanes.FLOOD_PER_SECOND / 2);
        assertFalse(lanes.flooding());
        assertEquals(ProcessingLanes.CALM_LANES, lanes.lanes());
    }

    @Test
    void oneDrainAtATimeAndAWishMadeWhileItEndsIsNotLost() {
        assertTrue(lanes.wantDrain(), "no drain running: the caller drains");
        assertFalse(lanes.wantDrain(), "one is running: it makes the pass");
        assertTrue(lanes.nextPass());
        assertFalse(lanes.nextPass(), "both wishes are served by one pass");

        assertFalse(lanes.wantDrain()); // asked for after the drain's last pass, before it ended
        lanes.drainEnded();
        assertTrue(lanes.wantedAgain(), "the drain runs once more");
        assertTrue(lanes.nextPass());
        assertFalse(lanes.nextPass());
        lanes.drainEnded();
        assertFalse(lanes.wantedAgain());
        assertTrue(lanes.wantDrain(), "ended: the next caller drains");
    }
}
