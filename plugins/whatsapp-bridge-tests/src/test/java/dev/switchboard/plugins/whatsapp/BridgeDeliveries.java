package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.Visitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import dev.switchboard.testkit.FakeAppContext;

/** What the linking tests share: in-memory fakes, the webhook endpoint, signed deliveries run to the end. */
abstract class BridgeDeliveries {

    static final String ANA = "BR.1502576394655843";
    static final String ANA_PARENT = "BR.ENT.11815799212886844830";

    final FakeAppContext ctx = Fixtures.context();
    final WebhookEndpoint endpoint = Fixtures.endpoint();

    @BeforeEach
    void freshLanes() {
        ProcessingLanes.renew(); // processors made here share the static lanes: none left busy by another test
    }

    /** Posts a signed delivery and runs every task it queued. */
    void deliver(String body) {
        assertEquals(200, endpoint.handle(Fixtures.signedPost(body), ctx).status());
        ctx.fakeExecutor().runPending();
    }

    /** The one visitor there is; fails when there are none or several. */
    Visitor only() {
        List<Visitor> all = ctx.fakeVisitors().all();
        assertEquals(1, all.size(), () -> "visitors: " + all);
        return all.get(0);
    }

    /** Delivers {@code first}, then {@code then}; asserts that one visitor is left, the first one, and returns it. */
    Visitor sameVisitorAfter(String first, String then) {
        deliver(first);
        Visitor before = only();
        deliver(then);
        Visitor after = only();
        assertEquals(before.id(), after.id());
        return after;
    }

    static Map<String, Object> meta(Visitor v, String id) {
        return v.externalId(Fixtures.APP_ID, id).orElseThrow(() -> new AssertionError(id + " missing on " + v)).metadata();
    }
}
