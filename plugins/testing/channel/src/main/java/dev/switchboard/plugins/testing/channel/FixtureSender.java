package dev.switchboard.plugins.testing.channel;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.OutboundMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Records every hand-over in the app's key-value store ({@code handed/<messageId>/<attempt>}, durable, so a test
 * sees them across restarts) and answers by the agent's text: {@code retry…} retry later (the host's backoff) on
 * the first attempt, {@code wait…} retry after 300 ms on the first attempt, {@code throw…} an exception on the first
 * attempt, {@code fail…} failed (131047, Re-engagement message); anything else, and later attempts, delivered as
 * {@code out-<messageId>}.
 */
@Extension
public class FixtureSender implements ChannelSender {
    static final String HANDED = "handed/";

    @Override
    public CompletionStage<DeliveryResult> deliver(OutboundMessage message, AppContext context) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", message.messageId());
        record.put("roomId", message.roomId());
        record.put("visitorToken", message.visitorToken());
        record.put("text", message.text());
        record.put("agent", message.agent().username());
        record.put("attempt", message.attempt());
        record.put("at", System.currentTimeMillis());
        record.put("lastInboundAt", message.lastInboundAt() == null ? null : message.lastInboundAt().toEpochMilli());
        context.store().put(HANDED + message.messageId() + "/" + message.attempt(), context.json().write(record));
        boolean first = message.attempt() == 1;
        String text = message.text();
        if (text.startsWith("fail")) {
            return CompletableFuture.completedFuture(DeliveryResult.failed("131047", "Re-engagement message"));
        }
        if (first && text.startsWith("retry")) {
            return CompletableFuture.completedFuture(DeliveryResult.retryLater("channel busy"));
        }
        if (first && text.startsWith("wait")) {
            return CompletableFuture.completedFuture(DeliveryResult.retryAfter(Duration.ofMillis(300),
                    "rate limited"));
        }
        if (first && text.startsWith("throw")) {
            throw new IllegalStateException("the channel's API is down");
        }
        return CompletableFuture.completedFuture(DeliveryResult.delivered("out-" + message.messageId()));
    }
}
