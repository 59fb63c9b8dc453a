package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.PATH;
import static dev.switchboard.core.http.VisitorRegistrationIT.ok;
import static dev.switchboard.core.http.VisitorRegistrationIT.register;
import static dev.switchboard.core.http.VisitorRegistrationIT.token;
import static dev.switchboard.core.http.VisitorRegistrationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default {@code --visitor-matching strict}: the takeover probes of issue 26. A caller who knows only a
 * visitor's phone (in any format) or email gets a visitor of its own, learns nothing of the victim and changes
 * nothing of it.
 */
class VisitorMatchingIT {
    private static TestHost host;
    private static ApiClient api;
    private static Sql sql;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start();
        api = host.client();
        sql = new Sql(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** A victim with a phone, an email, a name and an app's external id (as the WhatsApp bridge makes them). */
    private static JsonNode victim(String token, String phone, String email) {
        JsonNode created = ok(register(api, visitor("token", token, "name", "Victim", "email", email,
                "phone", phone)));
        sql.update("INSERT INTO external_ids (app_id, entity_id, visitor_id, created_at) VALUES (?, ?, ?, 1)",
                "whatsapp", "bsuid-" + token, created.get("_id").asText());
        return ok(api.get(PATH + "/" + token));
    }

    private static String phone() {
        return String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L));
    }

    private static void assertStandsApart(JsonNode victim, JsonNode attacker, String attackerToken) {
        assertNotEquals(victim.get("_id"), attacker.get("_id"));
        assertEquals(attackerToken, attacker.get("token").asText());
        assertNotEquals(victim.get("username"), attacker.get("username"));
        assertNull(attacker.get("name"), "no personal data of the victim");
        assertEquals(0, attacker.get("externalIds").size(), "no external id of the victim");
    }

    @Test
    void aVictimsPhoneInAnotherFormatGivesANewVisitorAndChangesNothing() {
        String digits = phone();
        String victimToken = token();
        JsonNode victim = victim(victimToken, "+" + digits.substring(0, 2) + " " + digits.substring(2, 4) + " "
                + digits.substring(4), "v-" + UUID.randomUUID() + "@example.com");

        String attackerToken = token();
        JsonNode attacker = ok(register(api, visitor("token", attackerToken, "phone", digits)));
        assertStandsApart(victim, attacker, attackerToken);
        assertNull(attacker.get("visitorEmails"));
        assertEquals(digits, attacker.at("/phone/0/phoneNumber").asText(), "its own phone, as sent");

        assertEquals(victim, ok(api.get(PATH + "/" + victimToken)), "the victim is unchanged");
        assertEquals(attacker, ok(api.get(PATH + "/" + attackerToken)));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE phone_digits = ? AND id = ?", digits,
                victim.get("_id").asText()), "the victim still owns the number");
    }

    @Test
    void aVictimsEmailGivesANewVisitorAndTheVictimsTokenKeepsWorking() {
        String email = "v-" + UUID.randomUUID() + "@example.com";
        String victimToken = token();
        JsonNode victim = victim(victimToken, phone(), email);

        String attackerToken = token();
        JsonNode attacker = ok(register(api, visitor("token", attackerToken, "email", "  " + email.toUpperCase())));
        assertStandsApart(victim, attacker, attackerToken);
        assertNull(attacker.get("phone"));
        assertEquals(email, attacker.at("/visitorEmails/0/address").asText(), "its own email, as sent");

        assertEquals(victim, ok(api.get(PATH + "/" + victimToken)), "the victim's token still works, unchanged");
    }

    @Test
    void bothAtOnceAndRepeatedStillLeaveTheVictimAlone() {
        String digits = phone();
        String email = "v-" + UUID.randomUUID() + "@example.com";
        String victimToken = token();
        JsonNode victim = victim(victimToken, digits, email);
        String attackerToken = token();
        for (int i = 0; i < 3; i++) {
            JsonNode attacker = ok(register(api, visitor("token", attackerToken, "phone", "+" + digits,
                    "email", email, "name", "Attacker")));
            assertNotEquals(victim.get("_id"), attacker.get("_id"));
            assertEquals(0, attacker.get("externalIds").size());
        }
        assertEquals(victim, ok(api.get(PATH + "/" + victimToken)));
        assertEquals(2, sql.count("SELECT COUNT(*) FROM visitors WHERE email = ?", email));
    }

    @Test
    void simultaneousRegistrationsOfOneNewPhoneMakeOneVisitorEachAndOneOwner() throws Exception {
        String digits = phone();
        List<JsonNode> results = VisitorRaceIT.simultaneously(32, i -> {
            ApiClient client = new ApiClient(api.base());
            String token = token();
            String phone = i % 2 == 0 ? digits : "+" + digits.substring(0, 2) + " " + digits.substring(2);
            return () -> {
                JsonNode visitor = ok(register(client, visitor("token", token, "phone", phone)));
                assertEquals(token, visitor.get("token").asText(), "each caller gets its own visitor");
                return visitor;
            };
        });
        assertEquals(32, results.stream().map(visitor -> visitor.get("_id").asText()).distinct().count());
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE phone_digits = ?", digits));
    }

    @Test
    void theTokenStillProvesTheVisitor() {
        String token = token();
        String digits = phone();
        JsonNode first = ok(register(api, visitor("token", token, "phone", digits, "name", "First")));
        JsonNode second = ok(register(api, visitor("token", token, "name", "Second")));
        assertEquals(first.get("_id"), second.get("_id"));
        assertEquals("Second", second.get("name").asText());
        assertEquals(digits, second.at("/phone/0/phoneNumber").asText());
    }
}
