package dev.switchboard.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for what another thread or process does, with a deadline that names what was awaited. */
public final class Await {
    private Await() { }

    /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
