package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErasedVisitor;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import org.junit.jupiter.api.Test;

class HooksTest {

    private final Fakes.Context ctx = new Fakes.Context();

    @Test
    void restRegistrationWithAKnownPhoneCarriesTheBsuid() {
        ctx.directory.hooks.add(new ContactBookHook());
        // the bridge learnt 34600111222 ↔ ES.9988776655443322 from a status webhook (no visitor created)
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("status-only.json")), ctx);
        ctx.executor.runAll();
        assertTrue(ctx.directory.all().isEmpty());

        Visitor v = ctx.directory.register(VisitorRegistration.builder("tok").phone("+34 600 111 222").build(),
                RegistrationSource.REST);
        assertTrue(v.externalId(Fakes.APP_ID, "ES.9988776655443322").isPresent());
        // a later inbound message from that BSUID resolves to the REST visitor
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-no-phone-username.json")
                .replace("BR.1502576394655843", "ES.9988776655443322")), ctx);
        ctx.executor.runAll();
        assertEquals(1, ctx.directory.all().size());
    }

    @Test
    void registrationNeverStealsAnIdHeldByAnotherVisitor() {
        ctx.directory.hooks.add(new ContactBookHook());
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), ctx);
        ctx.executor.runAll();
        Visitor wa = ctx.directory.findByEntityId(LinkingTest.ANA).orElseThrow();
        // another visitor (different token and, after a change, the same number) registers
        Visitor other = ctx.directory.register(VisitorRegistration.builder("other").email("x@example.com").build(),
                RegistrationSource.REST);
        assertNotEquals(wa.id(), other.id());
        Fakes.Event event = new Fakes.Event(new Visitor(other.id(), other.token(), other.username(), null,
                other.emails(), java.util.List.of("+5511987654321"), null, null, null, null,
                other.createdAt(), other.updatedAt()), RegistrationSource.REST);
        new ContactBookHook().onVisitorRegistered(event, ctx);
        assertTrue(event.attached.isEmpty());
    }

    @Test
    void erasureForgetsTheContactBookEntries() {
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), ctx);
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-no-username-unicode.json")), ctx);
        ctx.executor.runAll();
        Visitor ana = ctx.directory.findByEntityId(LinkingTest.ANA).orElseThrow();
        assertTrue(ctx.store.get("phone/5511987654321").isPresent());
        assertTrue(ctx.store.get("bsuid/" + LinkingTest.ANA_PARENT).isPresent());

        new ContactBookErasureHook().onVisitorErased(
                new ErasedVisitor(ana.id(), ana.phones(), ana.emails(), ana.externalIds()), ctx);
        assertTrue(ctx.store.keys("phone/").stream().noneMatch(k -> k.contains("5511987654321")));
        assertTrue(ctx.store.get("bsuid/" + LinkingTest.ANA).isEmpty());
        assertTrue(ctx.store.get("bsuid/" + LinkingTest.ANA_PARENT).isEmpty());
        // the other person's entries stay
        assertTrue(ctx.store.get("phone/4915112345678").isPresent());

        // erasing by ids only (the visitor had no phone stored) still finds the phone entry
        Fakes.Context c2 = new Fakes.Context();
        Fixtures.endpoint().handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), c2);
        c2.executor.runAll();
        Visitor v = c2.directory.findByEntityId(LinkingTest.ANA).orElseThrow();
        new ContactBookErasureHook().onVisitorErased(new ErasedVisitor(v.id(), null, null, v.externalIds()), c2);
        assertTrue(c2.store.get("phone/5511987654321").isEmpty());
    }
}
