package dev.switchboard.core.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.RegistrationPlanner.Candidates;
import dev.switchboard.core.visitor.RegistrationPlanner.Match;
import dev.switchboard.core.visitor.RegistrationPlanner.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationPlannerTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final Instant NOW = Instant.parse("2026-06-05T11:22:30.664Z");
    private static final Visitor.LastChat LAST_CHAT = new Visitor.LastChat("roomId12345678901", CREATED);
    private static final List<ExternalId> LINKED = List.of(new ExternalId("app", "bsuid-1", Map.of()));

    private static Visitor stored(String token) {
        return new Visitor("storedId12345678X", token, "guest-7", "Stored Name", "stored@example.com",
                "+55 51 5555-5555", "dep-1", "away", Map.of("address", "old street"), LINKED, CREATED, CREATED,
                LAST_CHAT);
    }

    private static RegistrationRequest request(String token, String name, String email, String phone) {
        return new RegistrationRequest(token, name, email, phone, null, null, List.of());
    }

    private static Plan plan(RegistrationRequest request, Candidates candidates) {
        return RegistrationPlanner.plan(request, candidates, null, List.of(), NOW);
    }

    @Test
    void tokenMatchUpdatesThatVisitorAndKeepsItsIdentity() {
        Visitor existing = stored("T1");
        Plan plan = plan(request("T1", "New Name", null, null), new Candidates(existing, null, null, null));
        assertEquals(Match.TOKEN, plan.match());
        assertFalse(plan.creates());
        assertNull(plan.replacedToken());
        assertEquals("storedId12345678X", plan.next().id());
        assertEquals("T1", plan.next().token());
        assertEquals("New Name", plan.next().name());
        assertEquals("guest-7", plan.next().username());
        assertEquals(CREATED, plan.next().ts());
        assertEquals(NOW, plan.next().updatedAt());
        assertEquals("online", plan.next().status());
        assertEquals(LAST_CHAT, plan.next().lastChat(), "registering again keeps the visitor's last chat");
    }

    @Test
    void tokenMatchWinsOverPhoneAndEmailCandidates() {
        Visitor byToken = stored("T1");
        Visitor other = new Visitor("otherId1234567890", "T9", "guest-9", null, null, null, null, "online",
                Map.of(), List.of(), CREATED, CREATED, null);
        Plan plan = plan(request("T1", null, "x@y.z", "123"), new Candidates(byToken, other, other, null));
        assertEquals(Match.TOKEN, plan.match());
        assertEquals(byToken.id(), plan.next().id());
    }

    @Test
    void phoneMatchKeepsTheStoredToken() {
        Plan plan = plan(request("T2", null, null, "555155555555"), new Candidates(null, stored("T1"), null, null));
        assertEquals(Match.PHONE, plan.match());
        assertEquals("T1", plan.next().token());
        assertNull(plan.replacedToken());
        assertEquals("555155555555", plan.next().phone(), "the phone is stored as last sent");
    }

    @Test
    void phoneMatchWinsOverEmail() {
        Visitor byPhone = stored("T1");
        Visitor byEmail = new Visitor("emailId1234567890", "T3", "guest-3", null, "a@b.c", null, null, "online",
                Map.of(), List.of(), CREATED, CREATED, null);
        Plan plan = plan(request("T2", null, "a@b.c", "555155555555"), new Candidates(null, byPhone, byEmail, null));
        assertEquals(Match.PHONE, plan.match());
        assertEquals(byPhone.id(), plan.next().id());
        assertEquals("T1", plan.next().token());
    }

    @Test
    void emailMatchReplacesTheTokenAndReportsTheOldOne() {
        Plan plan = plan(request("T2", null, "stored@example.com", null), new Candidates(null, null, stored("T1"), null));
        assertEquals(Match.EMAIL, plan.match());
        assertEquals("T2", plan.next().token());
        assertEquals("T1", plan.replacedToken());
        assertEquals("storedId12345678X", plan.next().id());
        assertEquals("guest-7", plan.next().username());
        assertEquals(CREATED, plan.next().ts());
    }

    @Test
    void noCandidateCreatesWithFreshIdAndNoUsernameSoOneIsGenerated() {
        Plan plan = plan(request("T1", null, null, null), Candidates.NONE);
        assertEquals(Match.NONE, plan.match());
        assertTrue(plan.creates());
        assertNull(plan.replacedToken());
        assertTrue(plan.next().id().length() >= 17);
        assertNull(plan.next().username(), "null means: generate the next guest name");
        assertEquals(NOW, plan.next().ts());
        assertEquals(NOW, plan.next().updatedAt());
        assertEquals("online", plan.next().status());
        assertEquals("T1", plan.next().token());
        assertTrue(plan.next().externalIds().isEmpty());
    }

    @Test
    void createdVisitorsGetDistinctIds() {
        Plan a = plan(request("T1", null, null, null), Candidates.NONE);
        Plan b = plan(request("T1", null, null, null), Candidates.NONE);
        assertNotEquals(a.next().id(), b.next().id());
    }

    @Test
    void createHonoursAGivenUsername() {
        RegistrationRequest request = new RegistrationRequest("T1", null, null, null, null, "kim.jane", List.of());
        assertEquals("kim.jane", plan(request, Candidates.NONE).next().username());
    }

    @Test
    void updateNeverChangesUsernameEvenWhenOneIsSent() {
        RegistrationRequest request = new RegistrationRequest("T1", null, null, null, null, "kim.jane", List.of());
        assertEquals("guest-7", plan(request, new Candidates(stored("T1"), null, null, null)).next().username());
    }

    @Test
    void reRegistrationNeverUnsetsStoredFields() {
        Visitor existing = stored("T1");
        Plan plan = RegistrationPlanner.plan(RegistrationRequest.ofToken("T1"),
                new Candidates(existing, null, null, null), null, List.of(), NOW);
        Visitor next = plan.next();
        assertEquals(existing.name(), next.name());
        assertEquals(existing.email(), next.email());
        assertEquals(existing.phone(), next.phone());
        assertEquals(existing.department(), next.department());
        assertEquals(existing.livechatData(), next.livechatData());
        assertEquals(existing.externalIds(), next.externalIds());
    }

    @Test
    void givenFieldsReplaceStoredOnes() {
        Plan plan = RegistrationPlanner.plan(request("T1", "N2", "n2@example.com", "999"),
                new Candidates(stored("T1"), null, null, null), "dep-2", List.of(), NOW);
        assertEquals("N2", plan.next().name());
        assertEquals("n2@example.com", plan.next().email());
        assertEquals("999", plan.next().phone());
        assertEquals("dep-2", plan.next().department());
    }

    @Test
    void nameOnlyWhenGiven() {
        assertNull(plan(request("T1", null, null, null), Candidates.NONE).next().name());
        assertEquals("Stored Name", plan(request("T1", null, null, null),
                new Candidates(stored("T1"), null, null, null)).next().name());
    }

    @Test
    void customFieldsAreAppliedToTheMatchedVisitor() {
        CustomFieldDefinition address = field("address", "visitor", "visible", false);
        RegistrationRequest request = new RegistrationRequest("T2", null, null, "5551", null, null,
                List.of(new CustomFieldValue("address", "new street", true)));
        Plan plan = RegistrationPlanner.plan(request, new Candidates(null, stored("T1"), null, null), null,
                List.of(address), NOW);
        assertEquals(Map.of("address", "new street"), plan.next().livechatData());
    }

    @Test
    void tokenOnlyRequestWithAnotherVisitorsPhoneAndEmailMakesANewVisitor() {
        Visitor victim = stored("T1");
        RegistrationRequest request = request("T2", "Attacker", "stored@example.com", "555155555555").tokenOnly();
        Plan plan = plan(request, new Candidates(null, victim, victim, victim));
        assertEquals(Match.NONE, plan.match());
        assertTrue(plan.creates());
        assertNull(plan.replacedToken());
        assertNotEquals(victim.id(), plan.next().id());
        assertEquals("T2", plan.next().token());
        assertEquals("555155555555", plan.next().phone(), "the phone as sent");
        assertNull(plan.phoneDigits(), "the victim keeps the number's digits");
        assertEquals(List.of(), plan.next().externalIds());
        assertEquals(Map.of(), plan.next().livechatData());
        assertNull(plan.next().username());
        assertNull(RegistrationPlanner.matched(request, new Candidates(null, victim, victim, victim)));
    }

    @Test
    void aFreePhoneIsOwnedAndAPhoneMatchKeepsItsDigits() {
        Plan created = plan(request("T2", null, null, "+1 555").tokenOnly(), Candidates.NONE);
        assertEquals("1555", created.phoneDigits());
        Visitor byPhone = stored("T1");
        Plan matched = plan(request("T2", null, null, "555155555555"), new Candidates(null, byPhone, null, byPhone));
        assertEquals(Match.PHONE, matched.match());
        assertEquals("555155555555", matched.phoneDigits());
    }

    @Test
    void tokenMatchWithAnotherVisitorsPhoneStoresItWithoutItsDigits() {
        Visitor mine = stored("T1");
        Visitor owner = new Visitor("ownerId1234567890", "T9", "guest-9", null, null, "+1 777", null, "online",
                Map.of(), List.of(), CREATED, CREATED, null);
        Plan plan = plan(request("T1", null, null, "+1 777").tokenOnly(), new Candidates(mine, null, null, owner));
        assertEquals(Match.TOKEN, plan.match());
        assertEquals("+1 777", plan.next().phone());
        assertNull(plan.phoneDigits());
        Plan own = plan(request("T1", null, null, null), new Candidates(mine, null, null, mine));
        assertEquals("555155555555", own.phoneDigits(), "a visitor keeps the digits it owns");
    }

    @Test
    void missingRequiredCustomFieldFailsThePlan() {
        RegistrationRequest request = new RegistrationRequest("T1", null, null, null, null, null,
                List.of(new CustomFieldValue("other", "v", true)));
        ApiError error = assertThrows(ApiError.class, () -> RegistrationPlanner.plan(request, Candidates.NONE,
                null, List.of(field("must", "visitor", "visible", true)), NOW));
        assertEquals("Missing required custom fields: must", error.getMessage());
        assertNull(error.errorType());
    }

    static CustomFieldDefinition field(String id, String scope, String visibility, boolean required) {
        return new CustomFieldDefinition(id, id, scope, visibility, "input", "", required, false, null, null, false,
                null);
    }
}
