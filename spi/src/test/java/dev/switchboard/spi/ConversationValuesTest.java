package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConversationValuesTest {

    @Test
    void inboundMessagesCopyTheirListsAndBlankOptionalsBecomeNull() {
        List<ChannelError> errors = new ArrayList<>(List.of(ChannelError.of("131051", "Unsupported message type")));
        InboundMessage message = new InboundMessage("wamid.1", null, new MessageContent.Text("hi"), " ", null, errors);
        errors.clear();
        assertEquals(1, message.errors().size());
        assertNull(message.replyTo());
        assertThrows(UnsupportedOperationException.class, () -> message.errors().add(ChannelError.of("1", "x")));
        assertThrows(IllegalArgumentException.class, () -> InboundMessage.of(" ", null, new MessageContent.Text("x")));
        assertThrows(NullPointerException.class, () -> InboundMessage.of("wamid.2", null, null));
    }

    @Test
    void contentRecordsRejectWhatTheChannelCannotMean() {
        assertThrows(IllegalArgumentException.class, () -> new MessageContent.Text(" "));
        assertThrows(IllegalArgumentException.class,
                () -> new MessageContent.Media(MessageContent.MediaKind.IMAGE, "m1", null, null, null, -1L, null));
        assertThrows(IllegalArgumentException.class,
                () -> new MessageContent.Location(91, 0, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new MessageContent.Location(Double.NaN, 0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new MessageContent.Contacts(List.of()));
        assertNull(new MessageContent.Reaction("wamid.1", "").emoji());
        Map<String, Object> details = new HashMap<>(Map.of("catalog_id", "c1"));
        MessageContent.Other order = new MessageContent.Other("order", null, details);
        details.put("catalog_id", "changed");
        assertEquals("c1", order.details().get("catalog_id"));
    }

    @Test
    void receiptsCarryAnErrorExactlyWhenTheyFailed() {
        assertThrows(IllegalArgumentException.class, () -> new Receipt(Receipt.Status.FAILED, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Receipt(Receipt.Status.READ, null, ChannelError.of("1", "x")));
        assertEquals(Receipt.Status.FAILED, Receipt.failed(ChannelError.of("131047", "Re-engagement"), null).status());
    }

    @Test
    void deliveryResultsValidateWhatTheHostActsOn() {
        assertNull(((DeliveryResult.Delivered) DeliveryResult.delivered(" ")).channelMessageId());
        assertThrows(IllegalArgumentException.class, () -> DeliveryResult.delivered("x".repeat(257)));
        assertThrows(IllegalArgumentException.class, () -> DeliveryResult.retryAfter(Duration.ofSeconds(-1), "busy"));
        assertNull(((DeliveryResult.RetryLater) DeliveryResult.retryLater("busy")).delay());
        assertInstanceOf(DeliveryResult.Failed.class, DeliveryResult.failed("470", "window closed"));
    }

    @Test
    void httpCallsAcceptOnlyAbsoluteHttpUrisAndHideSecretsWhenPrinted() {
        assertThrows(IllegalArgumentException.class, () -> HttpCall.get(URI.create("file:///etc/passwd")));
        assertThrows(IllegalArgumentException.class, () -> HttpCall.get(URI.create("/relative")));
        assertThrows(IllegalArgumentException.class,
                () -> HttpCall.get(URI.create("http://h")).withTimeout(Duration.ZERO));
        byte[] body = {1, 2};
        HttpCall call = HttpCall.post(URI.create("https://graph.example/v1/messages?access_token=s3cret"),
                "application/json", body).withHeader("Authorization", "Bearer s3cret");
        body[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, call.body());
        assertEquals(List.of("Bearer s3cret"), call.headers().get("authorization"));
        assertFalse(call.toString().contains("s3cret"), call.toString());
        assertTrue(call.toString().contains("authorization"));
    }

    @Test
    void httpResultsLookUpHeadersCaseInsensitively() {
        HttpResult result = new HttpResult(429, Map.of("Retry-After", List.of("3")), null);
        assertEquals("3", result.header("retry-after").orElseThrow());
        assertFalse(result.isSuccess());
        assertEquals(0, result.body().length);
        assertThrows(IllegalArgumentException.class, () -> new HttpResult(99, null, null));
    }
}
