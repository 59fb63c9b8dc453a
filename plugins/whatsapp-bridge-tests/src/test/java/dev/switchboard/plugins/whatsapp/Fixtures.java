package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.FakeKeyValueStore;
import dev.switchboard.testkit.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Fixture payloads (src/test/resources/whatsapp), signed requests built from them, and the kit's fakes. */
final class Fixtures {

    static final String APP_ID = "whatsapp-bridge";
    static final String SECRET = "test-secret";
    /** The host's JSON codec, as the kit's context gives it. */
    static final JsonCodec JSON = FakeAppContext.of(APP_ID).json();

    private Fixtures() {
    }

    /** The bridge's context in memory (switchboard-testkit), with the two required secrets saved. */
    static FakeAppContext context() {
        FakeAppContext context = FakeAppContext.of(APP_ID, new WhatsAppBridgeApp());
        context.settings().save(Map.of(BridgeSettings.VERIFY_TOKEN, "verify-me", BridgeSettings.APP_SECRET, SECRET));
        return context;
    }

    /** A key-value store of its own, with the host's limits. */
    static FakeKeyValueStore store() {
        return new FakeKeyValueStore(new TestClock());
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/whatsapp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An endpoint with lanes of its own, so that no test meets lanes another test left busy. */
    static WebhookEndpoint endpoint() {
        ProcessingLanes lanes = new ProcessingLanes(System::nanoTime);
        return new WebhookEndpoint(() -> lanes);
    }

    /** Lanes in a flood that never ends: a second's worth of arrivals, and a clock that stands still. */
    static ProcessingLanes floodedLanes() {
        ProcessingLanes lanes = new ProcessingLanes(() -> 0L);
        for (int i = 0; i < ProcessingLanes.FLOOD_PER_SECOND; i++) {
            lanes.arrived();
        }
        return lanes;
    }

    static AppRequest signedPost(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(bytes, Secrets.sign(SECRET, bytes));
    }

    static AppRequest post(byte[] body, String signature) {
        Map<String, List<String>> headers = signature == null
                ? Map.of("Content-Type", List.of("application/json"))
                : Map.of("Content-Type", List.of("application/json"), "X-Hub-Signature-256", List.of(signature));
        return new AppRequest("POST", "webhook", Map.of(), headers, body);
    }

    static AppRequest get(Map<String, List<String>> query) {
        return new AppRequest("GET", "webhook", query, Map.of(), null);
    }
}
