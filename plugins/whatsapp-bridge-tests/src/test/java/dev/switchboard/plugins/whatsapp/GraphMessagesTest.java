package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugins.whatsapp.GraphMessages.Accepted;
import dev.switchboard.plugins.whatsapp.GraphMessages.Recipient;
import dev.switchboard.plugins.whatsapp.GraphMessages.Rejected;
import dev.switchboard.plugins.whatsapp.GraphMessages.RetryLater;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.switchboard.spi.JsonCodec;

/**
 * The send call's body and answers. The answers are shaped as the Cloud API's documented success
 * ({@code messaging_product}, {@code contacts[].input/wa_id}, {@code messages[].id}) and Graph error envelope
 * ({@code error.message "(#code) title"}, {@code type}, {@code code}, {@code error_data.details},
 * {@code fbtrace_id}).
 */
class GraphMessagesTest {

    private final JsonCodec json = Fixtures.JSON;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBsuidGoesInRecipientAndAPhoneInTo() {
        Map<String, Object> byBsuid = GraphMessages.text(new Recipient(null, "BR.1502576394655843"), "Olá!", null);
        assertEquals("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
                + "\"recipient\":\"BR.1502576394655843\",\"type\":\"text\",\"text\":{\"preview_url\":false,"
                + "\"body\":\"Olá!\"}}", new String(json.write(byBsuid), StandardCharsets.UTF_8));
        Map<String, Object> byPhone = GraphMessages.text(new Recipient("5511987654321", null), "Oi", "wamid.IN-1");
        assertEquals("5511987654321", byPhone.get("to"));
        assertFalse(byPhone.containsKey("recipient"));
        assertEquals(Map.of("message_id", "wamid.IN-1"), byPhone.get("context"));
    }

    @Test
    void answersMeanAcceptedRetryLaterOrRejectedWithMetasCodeAndTitle() {
        assertEquals(new Accepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"),
                GraphMessages.outcome(200, bytes("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":"
                        + "\"BR.1502576394655843\",\"user_id\":\"BR.1502576394655843\"}],\"messages\":[{\"id\":"
                        + "\"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA\"}]}"), json));
        assertEquals(new Rejected(131047, "Re-engagement message", "Message failed to send because more than 24 "
                        + "hours have passed since the customer last replied to this number."),
                GraphMessages.outcome(400, bytes("{\"error\":{\"message\":\"(#131047) Re-engagement message\","
                        + "\"type\":\"OAuthException\",\"code\":131047,\"error_data\":{\"messaging_product\":"
                        + "\"whatsapp\",\"details\":\"Message failed to send because more than 24 hours have passed "
                        + "since the customer last replied to this number.\"},\"fbtrace_id\":\"AbCdEf\"}}"), json));
        assertEquals(new Rejected(190, "Error validating access token: Session has expired.", null),
                GraphMessages.outcome(401, bytes("{\"error\":{\"message\":\"Error validating access token: Session "
                        + "has expired.\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,"
                        + "\"fbtrace_id\":\"Az8or2yhqkZfEZ-_4Qn_Bam\"}}"), json));
        assertTrue(GraphMessages.outcome(400, bytes("{\"error\":{\"message\":\"(#130429) Rate limit hit\","
                + "\"type\":\"OAuthException\",\"code\":130429,\"error_data\":{\"messaging_product\":\"whatsapp\","
                + "\"details\":\"Cloud API message throughput has been reached.\"}}}"), json) instanceof RetryLater);
        assertTrue(GraphMessages.outcome(400, bytes("{\"error\":{\"message\":\"(#131056) (Business Account, Consumer "
                + "Account) pair rate limit hit\",\"code\":131056}}"), json) instanceof RetryLater);
        assertTrue(GraphMessages.outcome(503, bytes("<html>unavailable</html>"), json) instanceof RetryLater);
        assertTrue(GraphMessages.outcome(200, bytes("{}"), json) instanceof Rejected, "no id: nothing to track");
    }

    @Test
    void theWindowIsTwentyFourHoursFromTheNewestInboundMessage() {
        ServiceWindow window = new ServiceWindow(Fixtures.store());
        assertFalse(window.isOpen("v1", 1_781_690_400L), "never wrote");
        window.inboundAll(java.util.Map.of("v1", 1_781_690_400L, "v2", 1_781_600_000L));
        window.inboundAll(java.util.Map.of("v1", 1_781_600_000L)); // a late retry of an older message
        assertEquals(1_781_600_000L, window.lastInbound("v2").orElseThrow());
        assertEquals(1_781_690_400L, window.lastInbound("v1").orElseThrow());
        assertTrue(window.isOpen("v1", 1_781_690_400L + 24 * 3600 - 1));
        assertFalse(window.isOpen("v1", 1_781_690_400L + 24 * 3600));
        window.forget("v1");
        assertTrue(window.lastInbound("v1").isEmpty());
    }

    @Test
    void throughputIsABucketOfOneSecondPerBusinessNumber() {
        long[] now = {0};
        SendRate rate = new SendRate(() -> now[0]);
        for (int i = 0; i < 3; i++) {
            assertTrue(rate.tryAcquire("106540352242922", 3));
        }
        assertFalse(rate.tryAcquire("106540352242922", 3), "the fourth in the same second waits");
        assertTrue(rate.tryAcquire("106540352242923", 3), "another number has its own limit");
        now[0] = 340_000_000L; // a third of a second later: one more token
        assertTrue(rate.tryAcquire("106540352242922", 3));
        assertFalse(rate.tryAcquire("106540352242922", 3));
    }
}
