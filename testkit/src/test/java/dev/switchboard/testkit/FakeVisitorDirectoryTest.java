package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeVisitorDirectoryTest {
    private final List<RegistrationSource> seen = new ArrayList<>();
    private final FakeAppContext context = FakeAppContext.of("bridge").withHooks(
            (event, ctx) -> seen.add(event.source()),
            new RegistrationHook() {
                @Override
                public RegistrationFilter filter() {
                    return RegistrationFilter.WITH_PHONE;
                }

                @Override
                public void onVisitorRegistered(dev.switchboard.spi.RegistrationEvent event,
                                                dev.switchboard.spi.AppContext ctx) {
                    event.attachExternalId("phone-" + event.visitor().token(), Map.of("via", "hook"));
                }
            });
    private final FakeVisitorDirectory visitors = context.fakeVisitors();

    private static VisitorRegistration reg(String token, String phone, String email) {
        return VisitorRegistration.builder(token).phone(phone).email(email).build();
    }

    @Test
    void registrationsMatchLikeTheHostAndHooksRunInsideThemFiltered() {
        Visitor plain = visitors.register(reg("tok-1", null, null));
        assertEquals("guest-1", plain.username());
        assertTrue(plain.externalIds().isEmpty(), "the WITH_PHONE hook was not called");

        Visitor phoned = visitors.register(reg("tok-2", "+1 (555) 010-0001", null));
        assertEquals("phone-tok-2", phoned.externalIds().get(0).entityId(), "attached inside the registration");
        assertEquals("bridge", phoned.externalIds().get(0).appId());

        Visitor samePhone = visitors.register(reg("tok-3", "15550100001", null));
        assertEquals(phoned.id(), samePhone.id(), "an app's registration lands on the phone's owner");
        assertEquals("tok-2", samePhone.token(), "matched by phone: the stored token stays");

        Visitor rest = visitors.registerFromRest(reg("tok-4", "15550100001", null));
        assertNotEquals(phoned.id(), rest.id(), "the visitor API matches by token only (strict)");
        assertEquals(List.of(RegistrationSource.APP, RegistrationSource.APP, RegistrationSource.APP,
                RegistrationSource.REST), seen);
    }

    @Test
    void resolveFollowsRocketChatsFallbacksAndResolveOrCreateCreatesOnce() {
        Visitor ann = visitors.register(reg("tok-a", "+1 555 010 0002", "Ann@Example.com"));
        assertEquals(ann.id(), visitors.resolve(ExternalIdentity.of("wa-1"), ContactData.ofPhone("15550100002"))
                .orElseThrow().id());
        assertEquals(ann.id(), visitors.findByEntityId("wa-1").orElseThrow().id(), "the entry was attached");
        assertEquals(ann.id(), visitors.resolve(ExternalIdentity.of("mail-1"), ContactData.ofEmail("ann@EXAMPLE.com"))
                .orElseThrow().id(), "email, case-insensitively");
        assertTrue(visitors.resolve(ExternalIdentity.of("x"), ContactData.ofPhone("999")).isEmpty());
        assertTrue(visitors.findByEntityId("x").isEmpty(), "resolve never creates");

        context.clock().advance(Duration.ofSeconds(1));
        Visitor created = visitors.resolveOrCreate(ExternalIdentity.of("wa-new"), ContactData.ofPhone("+44 20 0000"),
                reg(null, "+44 20 0000", null));
        Visitor again = visitors.resolveOrCreate(ExternalIdentity.of("wa-new"), ContactData.none(), reg(null, null, null));
        assertEquals(created.id(), again.id());
        assertTrue(created.externalId("bridge", "wa-new").isPresent());
        assertTrue(created.externalId("bridge", "phone-" + created.token()).isPresent(), "hooks ran on create");
    }

    @Test
    void attachDetachConflictsAndUpdates() {
        Visitor a = visitors.register(reg("tok-a", null, null));
        Visitor b = visitors.register(reg("tok-b", null, null));
        visitors.attachExternalId(a.id(), new ExternalIdentity("id-1", Map.of("v", 1)));
        ExternalIdConflictException conflict = assertThrows(ExternalIdConflictException.class,
                () -> visitors.attachExternalId(b.id(), ExternalIdentity.of("id-1")));
        assertEquals(a.id(), conflict.existingVisitorId());
        assertEquals(Map.of("v", 2), visitors.updateMetadata("id-1", Map.of("v", 2)).orElseThrow()
                .externalId("bridge", "id-1").orElseThrow().metadata());
        assertTrue(visitors.updateMetadata("nobody", Map.of()).isEmpty());
        assertTrue(visitors.detachExternalId(a.id(), "id-1").externalIds().isEmpty());

        Visitor updated = visitors.updateContact(b.id(), ContactData.ofPhone("+1 555 010 0003"));
        assertEquals(List.of("+1 555 010 0003"), updated.phones());
        assertTrue(updated.externalId("bridge", "phone-tok-b").isPresent(), "hooks ran on the update");
        assertThrows(VisitorNotFoundException.class, () -> visitors.updateContact("nope", ContactData.ofEmail("e@x")));
        assertThrows(IllegalArgumentException.class, () -> visitors.attachExternalId(a.id(),
                ExternalIdentity.of("x".repeat(257))), "the host's entity id limit");
    }

    @Test
    void aThrowingHookIsRecordedAndTheRegistrationStillSucceedsAndErasureHooksHearOnlyThisApp() {
        List<String> erased = new ArrayList<>();
        FakeAppContext failing = FakeAppContext.of("bridge")
                .withHooks((event, ctx) -> {
                    throw new IllegalStateException("boom");
                })
                .withErasureHooks((gone, ctx) -> gone.externalIds().forEach(id -> erased.add(id.entityId())));
        Visitor visitor = failing.fakeVisitors().register(reg("tok-f", null, null));
        assertEquals("boom", failing.fakeVisitors().hookFailures().get(0).getMessage());
        failing.fakeVisitors().attachExternalId(visitor.id(), ExternalIdentity.of("e-1"));
        failing.fakeVisitors().erase(visitor.id());
        assertEquals(List.of("e-1"), erased);
        assertTrue(failing.fakeVisitors().findByToken("tok-f").isEmpty());
    }
}
