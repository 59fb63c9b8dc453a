package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisitorRegistrationParserTest {
    private static RegistrationRequest parse(String json) {
        return VisitorRegistrationParser.parse(JsonRequests.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiError failure(String json) {
        return assertThrows(ApiError.class, () -> parse(json));
    }

    @Test
    void missingVisitor() {
        ApiError error = failure("{}");
        assertEquals("Match error: Missing key 'visitor'", error.getMessage());
        assertNull(error.errorType());
        assertEquals(400, error.status());
    }

    @Test
    void emptyBodyReadsAsEmptyObject() {
        ApiError error = assertThrows(ApiError.class,
                () -> VisitorRegistrationParser.parse(JsonRequests.parse(new byte[0])));
        assertEquals("Match error: Missing key 'visitor'", error.getMessage());
    }

    @Test
    void missingToken() {
        assertEquals("Match error: Missing key 'token' in field visitor", failure("{\"visitor\":{}}").getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"visitor\":{\"token\":\"t\",\"name\":1}}|Match error: Expected string, got number in field visitor.name",
            "{\"visitor\":{\"token\":5}}|Match error: Expected string, got number in field visitor.token",
            "{\"visitor\":{\"token\":null}}|Match error: Expected string, got null in field visitor.token",
            "{\"visitor\":{\"token\":\"t\",\"phone\":true}}|Match error: Expected string, got boolean in field visitor.phone",
            "{\"visitor\":{\"token\":\"t\",\"email\":[]}}|Match error: Expected string, got array in field visitor.email",
            "{\"visitor\":{\"token\":\"t\",\"department\":{}}}|Match error: Expected string, got object in field visitor.department",
            "{\"visitor\":{\"token\":\"t\",\"username\":2.5}}|Match error: Expected string, got number in field visitor.username",
            "{\"visitor\":\"x\"}|Match error: Expected object, got string in field visitor",
            "{\"visitor\":[]}|Match error: Expected object, got array in field visitor",
            "{\"visitor\":{\"token\":\"t\",\"customFields\":{}}}|Match error: Expected array, got object in field visitor.customFields",
            "{\"visitor\":{\"token\":\"t\",\"customFields\":[1]}}|Match error: Expected object, got number in field visitor.customFields[0]",
            "{\"visitor\":{\"token\":\"t\",\"customFields\":[{\"value\":\"v\"}]}}|Match error: Missing key 'key' in field visitor.customFields[0]",
            "{\"visitor\":{\"token\":\"t\",\"customFields\":[{\"key\":\"k\"}]}}|Match error: Missing key 'value' in field visitor.customFields[0]",
            "{\"visitor\":{\"token\":\"t\",\"customFields\":[{\"key\":\"k\",\"value\":\"v\",\"overwrite\":\"yes\"}]}}|Match error: Expected boolean, got string in field visitor.customFields[0].overwrite",
            "[1,2]|Match error: Expected object, got array",
            "\"text\"|Match error: Expected object, got string",
            "42|Match error: Expected object, got number",
    })
    void wrongShapesNameTheField(String body, String message) {
        ApiError error = failure(body);
        assertEquals(message, error.getMessage());
        assertNull(error.errorType());
    }

    @Test
    void blankTokenIsInvalidToken() {
        for (String token : List.of("", " ", "\t \n")) {
            ApiError error = failure("{\"visitor\":{\"token\":" + "\"" + token.replace("\t", "\\t")
                    .replace("\n", "\\n") + "\"}}");
            assertEquals("Token cannot be empty [error-invalid-token]", error.getMessage());
            assertEquals("error-invalid-token", error.errorType());
        }
    }

    @Test
    void overlongFieldsAreRejected() {
        String longText = "x".repeat(5_000);
        ApiError token = failure("{\"visitor\":{\"token\":\"" + longText + "\"}}");
        assertEquals(400, token.status());
        assertTrue(token.getMessage().contains("visitor.token is too long"), token.getMessage());
        ApiError name = failure("{\"visitor\":{\"token\":\"t\",\"name\":\"" + longText + "\"}}");
        assertTrue(name.getMessage().contains("visitor.name is too long"), name.getMessage());
    }

    @Test
    void valuesAtTheLimitAreAccepted() {
        String token = "t".repeat(InputLimits.TOKEN);
        assertEquals(token, parse("{\"visitor\":{\"token\":\"" + token + "\"}}").token());
    }

    @Test
    void tooManyCustomFields() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i <= InputLimits.CUSTOM_FIELDS; i++) {
            items.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":\"v\"}");
        }
        ApiError error = failure("{\"visitor\":{\"token\":\"t\",\"customFields\":[" + items + "]}}");
        assertEquals("error-invalid-params", error.errorType());
    }

    @Test
    void fullRequestIsRead() {
        RegistrationRequest request = parse("{\"visitor\":{\"name\":\"Livechat Visitor\","
                + "\"email\":\" Visitor@Rocket.Chat \",\"department\":\"Support\",\"token\":\"iNKE8a6k6cjbqWhWd\","
                + "\"phone\":\"55 51 5555-5555\",\"username\":\"kim.jane\",\"customFields\":[{\"key\":\"address\","
                + "\"value\":\"Rocket.Chat street\",\"overwrite\":true},{\"key\":\"b\",\"value\":\"c\"}]}}");
        assertEquals("iNKE8a6k6cjbqWhWd", request.token());
        assertEquals("Livechat Visitor", request.name());
        assertEquals("visitor@rocket.chat", request.email());
        assertEquals("55 51 5555-5555", request.phone());
        assertEquals("Support", request.department());
        assertEquals("kim.jane", request.username());
        assertEquals(List.of(new CustomFieldValue("address", "Rocket.Chat street", true),
                new CustomFieldValue("b", "c", false)), request.customFields());
    }

    @Test
    void ignoredKeysAndNullsAndEmptyStrings() {
        RegistrationRequest request = parse("{\"visitor\":{\"token\":\"t\",\"name\":null,\"email\":\"\","
                + "\"phone\":\"\",\"status\":\"busy\",\"externalIds\":[{\"appId\":\"a\"}],\"ts\":1,"
                + "\"livechatData\":{\"x\":1},\"customFields\":null}}");
        assertNull(request.name());
        assertNull(request.email());
        assertNull(request.phone());
        assertTrue(request.customFields().isEmpty());
    }

    @Test
    void invalidJsonIsAnInvalidJsonError() {
        for (String body : List.of("{", "{\"visitor\":", "{} {}", "nope", "{\"a\":1,\"a\":2}")) {
            ApiError error = failure(body);
            assertEquals("error-invalid-json", error.errorType(), body);
            assertEquals(400, error.status());
            assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
        }
    }

    @Test
    void invalidUtf8IsAnInvalidJsonError() {
        byte[] body = {'{', '"', 'v', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ApiError error = assertThrows(ApiError.class, () -> JsonRequests.parse(body));
        assertEquals("error-invalid-json", error.errorType());
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "[".repeat(JsonRequests.MAX_DEPTH + 5) + "]".repeat(JsonRequests.MAX_DEPTH + 5);
        ApiError error = assertThrows(ApiError.class,
                () -> JsonRequests.parse(("{\"visitor\":" + deep + "}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, error.status());
        assertEquals("error-invalid-json", error.errorType());
        assertEquals("The request body is not valid JSON: it nests deeper than 32 levels [error-invalid-json]",
                error.getMessage());
    }

    @Test
    void jacksonsJavaNamesNeverReachTheAnswer() {
        for (String body : new String[] {"{} {}", "{\"n\":" + "9".repeat(1001) + "}",
                "{\"" + "k".repeat(50_001) + "\":1}"}) {
            ApiError error = assertThrows(ApiError.class,
                    () -> JsonRequests.parse(body.getBytes(StandardCharsets.UTF_8)));
            assertEquals("error-invalid-json", error.errorType());
            assertTrue(error.getMessage().startsWith("The request body is not valid JSON: it holds "),
                    error.getMessage());
            assertFalse(error.getMessage().contains("`"), error.getMessage());
        }
    }

    @Test
    void tokensBlankToJavaScriptAreEmpty() {
        for (String blank : new String[] {" ", "\u00a0", "\ufeff", "\u2003\t\n"}) {
            ApiError error = assertThrows(ApiError.class, () ->
                    VisitorRegistrationParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                            "{\"visitor\":{\"token\":\"" + blank.replace("\n", "\\n").replace("\t", "\\t")
                                    + "\"}}")));
            assertEquals("Token cannot be empty [error-invalid-token]",
                    error.getMessage());
        }
    }
}
