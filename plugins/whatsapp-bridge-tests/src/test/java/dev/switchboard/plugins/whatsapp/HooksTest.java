package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErasedVisitor;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import org.junit.jupiter.api.Test;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.FakeRegistrationEvent;

class HooksTest {

    private final FakeAppContext ctx = Fixtures.context();

    @Test
    void restRegistrationWithAKnownPhoneCarriesTheBsuid() {
        ctx.withHooks(new ContactBookHook());
        // the bridge learnt 34600111222 ↔ ES.9988776655443322 from a status webhook (no visitor created)
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("status-only.json")), ctx);
        ctx.fakeExecutor().runPending();
        assertTrue(ctx.fakeVisitors().all().isEmpty());

        Visitor v = ctx.fakeVisitors().registerFromRest(VisitorRegistration.builder("tok").phone("+34 600 111 222").build());
        assertTrue(v.externalId(Fixtures.APP_ID, "ES.9988776655443322").isPresent());
        // a later inbound message from that BSUID resolves to the REST visitor
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-no-phone-username.json")
                .replace("BR.1502576394655843", "ES.9988776655443322")), ctx);
        ctx.fakeExecutor().runPending();
        assertEquals(1, ctx.fakeVisitors().all().size());
    }

    @Test
    void registrationNeverStealsAnIdHeldByAnotherVisitor() {
        ctx.withHooks(new ContactBookHook());
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), ctx);
        ctx.fakeExecutor().runPending();
        Visitor wa = ctx.fakeVisitors().findByEntityId(LinkingTest.ANA).orElseThrow();
        // another visitor (different token and, after a change, the same number) registers
        Visitor other = ctx.fakeVisitors().registerFromRest(VisitorRegistration.builder("other").email("x@example.com").build());
        assertNotEquals(wa.id(), other.id());
        FakeRegistrationEvent event = new FakeRegistrationEvent(new Visitor(other.id(), other.token(), other.username(), null,
                other.emails(), java.util.List.of("+5511987654321"), null, null, null, null,
                other.createdAt(), other.updatedAt()), RegistrationSource.REST);
        new ContactBookHook().onVisitorRegistered(event, ctx);
        assertTrue(event.attached().isEmpty());
    }

    @Test
    void erasureForgetsTheContactBookEntries() {
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), ctx);
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-no-username-unicode.json")), ctx);
        ctx.fakeExecutor().runPending();
        Visitor ana = ctx.fakeVisitors().findByEntityId(LinkingTest.ANA).orElseThrow();
        assertTrue(ctx.store().get("phone/5511987654321").isPresent());
        assertTrue(ctx.store().get("bsuid/" + LinkingTest.ANA_PARENT).isPresent());

        new ContactBookErasureHook().onVisitorErased(
                new ErasedVisitor(ana.id(), ana.phones(), ana.emails(), ana.externalIds()), ctx);
        assertTrue(ctx.store().keys("phone/").stream().noneMatch(k -> k.contains("5511987654321")));
        assertTrue(ctx.store().get("bsuid/" + LinkingTest.ANA).isEmpty());
        assertTrue(ctx.store().get("bsuid/" + LinkingTest.ANA_PARENT).isEmpty());
        // the other person's entries stay
        assertTrue(ctx.store().get("phone/4915112345678").isPresent());

        // erasing by ids only (the visitor had no phone stored) still finds the phone entry
        FakeAppContext c2 = Fixtures.context();
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), c2);
        c2.fakeExecutor().runPending();
        Visitor v = c2.fakeVisitors().findByEntityId(LinkingTest.ANA).orElseThrow();
        new ContactBookErasureHook().onVisitorErased(new ErasedVisitor(v.id(), null, null, v.externalIds()), c2);
        assertTrue(c2.store().get("phone/5511987654321").isEmpty());
    }
}
