package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeRegistrationEventTest {

    @Test
    void aHookCalledDirectlySeesTheMadeUpVisitorAndItsAttachmentsAreRecordedNotApplied() throws Exception {
        FakeAppContext context = FakeAppContext.of("bridge");
        Visitor visitor = context.fakeVisitors().register(VisitorRegistration.builder("tok-1").build());
        FakeRegistrationEvent event = new FakeRegistrationEvent(visitor, RegistrationSource.REST);
        List<Visitor> seen = new ArrayList<>();
        RegistrationHook hook = (e, ctx) -> {
            seen.add(e.visitor());
            e.attachExternalId("c-" + e.visitor().token(), Map.of("via", e.source().name()));
        };
        hook.onVisitorRegistered(event, context);

        assertSame(visitor, seen.get(0));
        assertEquals(List.of(new ExternalIdentity("c-tok-1", Map.of("via", "REST"))), event.attached());
        assertTrue(context.fakeVisitors().findByToken("tok-1").orElseThrow().externalIds().isEmpty(),
                "recorded, not attached");
    }
}
