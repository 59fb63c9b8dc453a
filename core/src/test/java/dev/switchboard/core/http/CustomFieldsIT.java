package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.PATH;
import static dev.switchboard.core.http.VisitorRegistrationIT.assertError;
import static dev.switchboard.core.http.VisitorRegistrationIT.ok;
import static dev.switchboard.core.http.VisitorRegistrationIT.register;
import static dev.switchboard.core.http.VisitorRegistrationIT.token;
import static dev.switchboard.core.http.VisitorRegistrationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.config.VisitorMatching;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * customFields on registration, with definitions inserted by SQL, under Rocket.Chat's matching rules (so values
 * follow a phone match).
 */
class CustomFieldsIT {
    private TestHost host;
    private ApiClient api;
    private Sql sql;

    @BeforeEach
    void start() throws Exception {
        host = TestHost.start(builder -> builder.visitorMatching(VisitorMatching.ROCKETCHAT));
        api = host.client();
        sql = new Sql(host);
        sql.customField("address", "visitor", "visible", false);
        sql.customField("legacyPublic", "visitor", "public", false);
        sql.customField("roomOnly", "room", "visible", false);
        sql.customField("hiddenField", "visitor", "hidden", false);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private static Map<String, Object> field(String key, String value, Boolean overwrite) {
        return overwrite == null ? Map.of("key", key, "value", value)
                : Map.of("key", key, "value", value, "overwrite", overwrite);
    }

    @Test
    void visitorScopedVisibleFieldsAreSavedOthersIgnored() {
        String token = token();
        JsonNode visitor = ok(register(api, visitor("token", token, "customFields", List.of(
                field("address", "Not a real address :)", true), field("legacyPublic", "p", true),
                field("roomOnly", "r", true), field("hiddenField", "h", true), field("undefined", "u", true)))));
        assertEquals(Map.of("address", "Not a real address :)", "legacyPublic", "p"),
                Map.of("address", visitor.at("/livechatData/address").asText(),
                        "legacyPublic", visitor.at("/livechatData/legacyPublic").asText()));
        assertEquals(2, visitor.get("livechatData").size());
        assertEquals(visitor, ok(api.get(PATH + "/" + token)));
    }

    @Test
    void onlyUnknownFieldsMeansNoLivechatData() {
        JsonNode visitor = ok(register(api, visitor("token", token(), "customFields",
                List.of(field("undefined", "u", true)))));
        assertNull(visitor.get("livechatData"));
        JsonNode roomScoped = ok(register(api, visitor("token", token(), "customFields",
                List.of(field("roomOnly", "r", true)))));
        assertNull(roomScoped.get("livechatData"));
    }

    @Test
    void overwriteFalseKeepsAnExistingValue() {
        String token = token();
        ok(register(api, visitor("token", token, "customFields", List.of(field("address", "Not a real address :)", true)))));
        JsonNode second = ok(register(api, visitor("token", token, "customFields",
                List.of(field("address", "This should not change!", false)))));
        assertEquals("Not a real address :)", second.at("/livechatData/address").asText());
        JsonNode third = ok(register(api, visitor("token", token, "customFields",
                List.of(field("address", "Defaults to false", null)))));
        assertEquals("Not a real address :)", third.at("/livechatData/address").asText());
        JsonNode fourth = ok(register(api, visitor("token", token, "customFields",
                List.of(field("address", "Changed", true)))));
        assertEquals("Changed", fourth.at("/livechatData/address").asText());
        assertEquals("Changed", ok(api.get(PATH + "/" + token)).at("/livechatData/address").asText());
    }

    @Test
    void overwriteFalseWritesAnEmptyValue() {
        String token = token();
        JsonNode first = ok(register(api, visitor("token", token, "customFields",
                List.of(field("address", "first", false)))));
        assertEquals("first", first.at("/livechatData/address").asText());
    }

    @Test
    void reRegistrationWithoutCustomFieldsKeepsLivechatData() {
        String token = token();
        ok(register(api, visitor("token", token, "customFields", List.of(field("address", "kept", true)))));
        JsonNode again = ok(register(api, visitor("token", token, "name", "x")));
        assertEquals("kept", again.at("/livechatData/address").asText());
    }

    @Test
    void customFieldsFollowAPhoneMatch() {
        String stored = token();
        ok(register(api, visitor("token", stored, "phone", "+1 555 000 1111")));
        ok(register(api, visitor("token", token(), "phone", "15550001111",
                "customFields", List.of(field("address", "via phone", true)))));
        assertEquals("via phone", ok(api.get(PATH + "/" + stored)).at("/livechatData/address").asText());
    }

    @Test
    void requiredFieldsAreCheckedOnlyWhenCustomFieldsAreSent() {
        sql.customField("required_custom_field", "visitor", "visible", true);
        sql.customField("another_required", "visitor", "visible", true);
        ok(register(api, visitor("token", token())));
        ok(register(api, visitor("token", token(), "customFields", List.of())));
        String token = token();
        assertError(register(api, visitor("token", token, "customFields", List.of(field("address", "a", true)))),
                400, "Missing required custom fields: another_required, required_custom_field", null);
        assertEquals(400, api.get(PATH + "/" + token).status(), "nothing was created");
        ok(register(api, visitor("token", token, "customFields", List.of(
                field("required_custom_field", "a", true), field("another_required", "b", true)))));
    }

    @Test
    void requiredHiddenOrRoomFieldsAreNotRequired() {
        sql.customField("hiddenRequired", "visitor", "hidden", true);
        sql.customField("roomRequired", "room", "visible", true);
        ok(register(api, visitor("token", token(), "customFields", List.of(field("address", "a", true)))));
    }
}
