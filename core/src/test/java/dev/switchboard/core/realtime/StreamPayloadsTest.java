package dev.switchboard.core.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamPayloadsTest {
    private static final int LIMIT = 7_900;

    private static List<StreamEvent> decode(List<String> payloads) {
        StreamPayloads.Decoder decoder = new StreamPayloads.Decoder();
        List<StreamEvent> events = new ArrayList<>();
        payloads.forEach(payload -> decoder.accept(payload, events::add));
        return events;
    }

    private static StreamEvent message(String rid, String text) {
        return new StreamEvent(StreamEvent.ROOM_MESSAGES, rid, "[{\"msg\":\"" + text + "\"}]");
    }

    @Test
    void smallEventsShareOnePayloadAndComeBackInOrder() {
        List<StreamEvent> events = List.of(message("R1", "a"), new StreamEvent(StreamEvent.NOTIFY_ROOM, "R1/typing",
                "[\"guest-1\",true]", "session-1"), message("R2", "b"));
        List<String> payloads = new StreamPayloads.Encoder("node", LIMIT).encode(events);
        assertEquals(1, payloads.size());
        assertEquals(events, decode(payloads));
    }

    @Test
    void aBigEventIsCutIntoPartsUnderTheLimitAndPutBackTogether() {
        // Multi-byte characters, including ones outside the BMP, so a cut could land inside one.
        String text = "é✓😀x".repeat(9_000);
        List<StreamEvent> events = List.of(message("R1", "before"), message("R1", text), message("R1", "after"));
        List<String> payloads = new StreamPayloads.Encoder("node", LIMIT).encode(events);
        assertTrue(payloads.size() > 10);
        for (String payload : payloads) {
            assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < LIMIT, "a payload over the limit");
        }
        assertEquals(events, decode(payloads));
    }

    @Test
    void equalEventsNeverMakeEqualPayloads() {
        // PostgreSQL delivers identical notifications of one transaction once.
        StreamPayloads.Encoder encoder = new StreamPayloads.Encoder("node", LIMIT);
        List<String> payloads = new ArrayList<>(encoder.encode(List.of(message("R1", "same"))));
        payloads.addAll(encoder.encode(List.of(message("R1", "same"))));
        assertEquals(2, new HashSet<>(payloads).size());
    }

    @Test
    void aLostPartLosesOnlyItsEvent() {
        StreamPayloads.Encoder encoder = new StreamPayloads.Encoder("node", LIMIT);
        List<String> payloads = new ArrayList<>(encoder.encode(List.of(message("R1", "y".repeat(20_000)))));
        payloads.remove(1);
        payloads.addAll(encoder.encode(List.of(message("R1", "next"))));
        assertEquals(List.of(message("R1", "next")), decode(payloads));
    }

    @Test
    void partsOfTwoNodesInterleavedStillComeBackWhole() {
        List<String> a = new StreamPayloads.Encoder("a", LIMIT).encode(List.of(message("R1", "a".repeat(20_000))));
        List<String> b = new StreamPayloads.Encoder("b", LIMIT).encode(List.of(message("R1", "b".repeat(20_000))));
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add(a.get(i));
            }
            if (i < b.size()) {
                mixed.add(b.get(i));
            }
        }
        assertEquals(List.of(message("R1", "a".repeat(20_000)), message("R1", "b".repeat(20_000))), decode(mixed));
    }

    @Test
    void garbageIsIgnored() {
        assertEquals(List.of(), decode(List.of("", "x:y", "n:1:0/1:not json", "n:x:0/1:[]")));
    }

    @Test
    void utf8LengthIsWhatTheEncoderWrites() {
        for (String text : List.of("", "ascii", "é ü", "€ 中文", "😀 emoji", "a\ud83d", "\ude00b", "\ud83d\ud83d",
                "mixed é€😀 text")) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, StreamPayloads.utf8Length(text), text);
        }
    }
}
