package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest numbers are drawn in one go for a group of registrations: each draw gives exactly as many numbers as asked
 * (PostgreSQL cuts a series of a power of two's length at the count) and wastes none, so draws follow each other.
 */
class GuestNumbersTest {
    @StoreTest
    void eachDrawGivesExactlyTheNumbersAskedForAndTheNextDrawContinuesAfterThem(TestDatabase db) throws Exception {
        Database database = db.database();
        int[] counts = {1, 3, 4, 5, 2, TransactionQueue.MAX_BATCH, 1};
        List<long[]> draws = await(database.transactions().submit(connection -> {
            List<long[]> drawn = new ArrayList<>();
            for (int count : counts) {
                drawn.add(database.dialect().nextGuestNumbers(connection, count));
            }
            return drawn;
        }));
        long expected = draws.get(0)[0];
        for (int i = 0; i < counts.length; i++) {
            assertEquals(counts[i], draws.get(i).length, "draw " + i);
            for (long number : draws.get(i)) {
                assertEquals(expected++, number, "draw " + i + " continues where the one before ended");
            }
        }
    }
}
