package dev.switchboard.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChannelStatusTest {

    @ParameterizedTest
    @CsvSource({
        "pending, accepted, true",
        "accepted, sent, true",
        "sent, read, true",
        "delivered, sent, false",
        "read, delivered, false",
        "read, read, false",
        "sent, failed, true",
        "accepted, failed, true",
        "read, failed, false",
        "failed, failed, false",
        "failed, read, false",
    })
    void statusesOnlyMoveForwardAndFailureNeverUndoesARead(String current, String next, boolean advances) {
        assertEquals(advances, ChannelStatus.advances(current, next));
    }

    @Test
    void theChannelMemberCarriesTheStatusItsTimeAndTheError() {
        ChannelStatus failed = new ChannelStatus("wa", ChannelStatus.FAILED, Instant.ofEpochMilli(1234), "wamid.9",
                new ChannelStatus.Error("131047", "Re-engagement \"message\"", null));
        assertEquals("\"channel\":{\"app\":\"wa\",\"direction\":\"out\",\"status\":\"failed\",\"statusAt\":1234,"
                + "\"id\":\"wamid.9\",\"error\":{\"code\":\"131047\",\"title\":\"Re-engagement \\\"message\\\"\"}}",
                failed.extraJson());
    }
}
