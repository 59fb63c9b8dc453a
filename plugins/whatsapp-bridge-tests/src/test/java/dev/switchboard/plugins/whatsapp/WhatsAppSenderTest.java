package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import dev.switchboard.spi.OutboundMessage;
import dev.switchboard.spi.Visitor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.switchboard.testkit.FakeChannelDeliveries;

/** Agents' messages to the Graph API: address, window, throughput, and Meta's answers. */
class WhatsAppSenderTest extends BridgeDeliveries {

    /** One hour after Ana's message of {@code text-no-phone-username.json}. */
    private static final long NOW = (1781690400L + 3600) * 1000;
    private final long[] now = {NOW};
    private final long[] nanos = {0};
    private final WhatsAppSender sender = new WhatsAppSender(new SendRate(() -> nanos[0]), () -> now[0]);

    /** The Graph API's send endpoint for the number the fixtures' visitors wrote to. */
    private static final String MESSAGES = "http://127.0.0.1:9/v24.0/106540352242922/messages";

    @BeforeEach
    void sendingSettings() {
        ctx.settings().save(BridgeSettings.ACCESS_TOKEN, "EAAG-test-token");
        ctx.settings().save(BridgeSettings.GRAPH_BASE_URL, "http://127.0.0.1:9");
        // Meta accepts each message with an id of its own: wamid.OUT-1, wamid.OUT-2, …
        ctx.http().answer(MESSAGES, call -> CompletableFuture.completedFuture(new HttpResult(200, Map.of(),
                ("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.OUT-"
                        + ctx.http().calls(MESSAGES).size() + "\"}]}").getBytes(StandardCharsets.UTF_8))));
    }

    private DeliveryResult send(Visitor visitor, String text) {
        OutboundMessage m = new OutboundMessage("msg-1", "room-1", visitor.id(), visitor.token(), text,
                new OutboundMessage.Agent("agent-1", "agent.smith", "Agent Smith"), Instant.ofEpochMilli(now[0]), null, 1);
        return new FakeChannelDeliveries(ctx, sender).deliver(m);
    }

    private Visitor ana() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        return only();
    }

    @Test
    void aBsuidOnlyVisitorIsAddressedByRecipientFromTheNumberTheyWroteTo() {
        DeliveryResult result = send(ana(), "Olá Ana, como posso ajudar?");
        assertEquals(DeliveryResult.delivered("wamid.OUT-1"), result);
        HttpCall call = ctx.http().calls().get(0);
        assertEquals("POST", call.method());
        assertEquals("http://127.0.0.1:9/v24.0/106540352242922/messages", call.uri().toString());
        assertEquals("Bearer EAAG-test-token", call.headers().get("authorization").get(0));
        assertEquals("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"recipient\":"
                + "\"BR.1502576394655843\",\"type\":\"text\",\"text\":{\"preview_url\":false,"
                + "\"body\":\"Olá Ana, como posso ajudar?\"}}", call.bodyAsString());
    }

    @Test
    void aVisitorWhoseNumberIsKnownIsAddressedByPhone() {
        deliver(Fixtures.text("text-phone-parent.json"));
        send(only(), "Oi");
        Map<String, Object> body = ctx.json().parseObject(ctx.http().calls().get(0).body());
        assertEquals("5511987654321", body.get("to"));
        assertTrue(!body.containsKey("recipient"));
    }

    @Test
    void outsideTheWindowTheAgentGetsAClearFailureAndNothingIsCalled() {
        Visitor ana = ana();
        now[0] = (1781690400L + 24 * 3600) * 1000;
        DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, send(ana, "Ainda aí?"));
        assertEquals("window_closed", failed.error().code());
        assertTrue(failed.error().title().contains("24-hour customer-service window"), failed.error().title());
        assertTrue(failed.error().title().contains("2026-06-17T10:00:00Z"), failed.error().title());
        assertTrue(ctx.http().calls().isEmpty());
    }

    @Test
    void withoutAnAccessTokenNothingIsCalled() {
        Visitor ana = ana();
        ctx.settings().save(BridgeSettings.ACCESS_TOKEN, null);
        assertEquals("no_access_token", assertInstanceOf(DeliveryResult.Failed.class, send(ana, "Oi")).error().code());
        assertTrue(ctx.http().calls().isEmpty());
    }

    @Test
    void metasRefusalBecomesAFailureWithItsCodeAndTitle() {
        Visitor ana = ana();
        ctx.http().answer(MESSAGES, 400, "{\"error\":{\"message\":\"(#131026) Message undeliverable\","
                + "\"type\":\"OAuthException\",\"code\":131026,\"error_data\":{\"messaging_product\":\"whatsapp\","
                + "\"details\":\"Unable to deliver message.\"},\"fbtrace_id\":\"AbC\"}}");
        DeliveryResult.Failed failed = assertInstanceOf(DeliveryResult.Failed.class, send(ana, "Oi"));
        assertEquals(new dev.switchboard.spi.ChannelError("131026", "Message undeliverable",
                "Unable to deliver message."), failed.error());
    }

    @Test
    void rateLimitsAndBrokenCallsWaitInsteadOfFailing() {
        Visitor ana = ana();
        ctx.http().answer(MESSAGES, 400, "{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"code\":130429}}");
        assertInstanceOf(DeliveryResult.RetryLater.class, send(ana, "Oi"));
        ctx.http().fail(MESSAGES, HttpCallException.Reason.TIMEOUT);
        DeliveryResult.RetryLater later = assertInstanceOf(DeliveryResult.RetryLater.class, send(ana, "Oi"));
        assertTrue(later.reason().contains("TIMEOUT"));
    }

    @Test
    void theThroughputLimitQueuesMessagesWithoutCallingMeta() {
        Visitor ana = ana();
        ctx.settings().save(BridgeSettings.MESSAGES_PER_SECOND, "2");
        send(ana, "1");
        send(ana, "2");
        DeliveryResult.RetryLater third = assertInstanceOf(DeliveryResult.RetryLater.class, send(ana, "3"));
        assertEquals(500, third.delay().toMillis());
        assertEquals(2, ctx.http().calls().size());
        nanos[0] = 1_000_000_000L;
        assertInstanceOf(DeliveryResult.Delivered.class, send(ana, "3"));
    }
}
