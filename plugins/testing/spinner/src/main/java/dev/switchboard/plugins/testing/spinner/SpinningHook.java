package dev.switchboard.plugins.testing.spinner;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.Extension;

/**
 * A registration hook that spins on the CPU for 3 s, never looking at its interrupt flag. (Bounded, so the test
 * JVM gets the core back; a real one may spin for ever.) {@link StartedEndpoint} tells how often it was fed.
 */
@Extension
public class SpinningHook implements RegistrationHook {
    static final AtomicInteger STARTED = new AtomicInteger();
    private static final long SPIN_NANOS = 3_000_000_000L;

    @Override
    public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
        STARTED.incrementAndGet();
        long end = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
