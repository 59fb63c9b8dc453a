package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.SqliteSync;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {
    @Test
    void batchesTokensUnderThePayloadLimit() {
        String[] tokens = new String[200];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "token-" + i + "-" + "x".repeat(100);
        }
        List<String> payloads = ClusterEvents.tokenPayloads(tokens);
        assertTrue(payloads.size() > 1);
        List<String> delivered = new ArrayList<>();
        ClusterEvents events = new ClusterEvents(new SqliteDialect(SqliteSync.APPS, () -> { }));
        events.onTokenChanged(delivered::add);
        for (String payload : payloads) {
            assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 8000, payload.length() + "");
            events.deliver(ClusterEvents.CACHE_CHANNEL, payload);
        }
        assertEquals(List.of(tokens), delivered);
    }

    @Test
    void skipsNullsAndDuplicatesAndTurnsAHugeTokenIntoAResync() {
        assertEquals(List.of("[\"a\",\"b\"]"), ClusterEvents.tokenPayloads("a", null, "b", "a"));
        assertEquals(List.of(ClusterEvents.ALL), ClusterEvents.tokenPayloads("y".repeat(9000)));
        int[] resyncs = {0};
        ClusterEvents events = new ClusterEvents(new SqliteDialect(SqliteSync.APPS, () -> { }));
        events.onResync(() -> resyncs[0]++);
        events.deliver(ClusterEvents.CACHE_CHANNEL, ClusterEvents.ALL);
        events.deliver(ClusterEvents.CACHE_CHANNEL, "not json");
        assertEquals(2, resyncs[0]);
    }
}
