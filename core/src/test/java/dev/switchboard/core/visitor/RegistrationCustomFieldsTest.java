package dev.switchboard.core.visitor;

import static dev.switchboard.core.visitor.RegistrationPlannerTest.field;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.error.ApiError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationCustomFieldsTest {
    private static final List<CustomFieldDefinition> DEFINITIONS = List.of(
            field("address", "visitor", "visible", false),
            field("legacy", "visitor", "public", false),
            field("roomField", "room", "visible", false),
            field("secret", "visitor", "hidden", false));

    private static CustomFieldValue value(String key, String value, boolean overwrite) {
        return new CustomFieldValue(key, value, overwrite);
    }

    @Test
    void onlyVisitorScopedVisibleFieldsApply() {
        Map<String, String> result = RegistrationCustomFields.apply(Map.of(), List.of(
                value("address", "a", true), value("legacy", "l", true), value("roomField", "r", true),
                value("secret", "s", true), value("unknown", "u", true)), DEFINITIONS);
        assertEquals(Map.of("address", "a", "legacy", "l"), result);
    }

    @Test
    void overwriteTrueReplaces() {
        assertEquals(Map.of("address", "new"), RegistrationCustomFields.apply(Map.of("address", "old"),
                List.of(value("address", "new", true)), DEFINITIONS));
    }

    @Test
    void overwriteFalseWritesOnlyWhereEmpty() {
        assertEquals(Map.of("address", "old"), RegistrationCustomFields.apply(Map.of("address", "old"),
                List.of(value("address", "new", false)), DEFINITIONS));
        assertEquals(Map.of("address", "new"), RegistrationCustomFields.apply(Map.of("address", ""),
                List.of(value("address", "new", false)), DEFINITIONS));
        assertEquals(Map.of("address", "new"), RegistrationCustomFields.apply(Map.of(),
                List.of(value("address", "new", false)), DEFINITIONS));
    }

    @Test
    void storedValuesOfOtherKeysSurvive() {
        assertEquals(Map.of("legacy", "keep", "address", "a"), RegistrationCustomFields.apply(
                Map.of("legacy", "keep"), List.of(value("address", "a", true)), DEFINITIONS));
    }

    @Test
    void inputMapIsNotModified() {
        Map<String, String> current = new java.util.HashMap<>(Map.of("address", "old"));
        RegistrationCustomFields.apply(current, List.of(value("address", "new", true)), DEFINITIONS);
        assertEquals(Map.of("address", "old"), current);
    }

    @Test
    void requiredCheckedOnlyWhenSomethingIsSent() {
        List<CustomFieldDefinition> defs = List.of(field("b", "visitor", "visible", true),
                field("a", "visitor", "visible", true), field("opt", "visitor", "visible", false));
        assertDoesNotThrow(() -> RegistrationCustomFields.checkRequired(List.of(), defs));
        ApiError error = assertThrows(ApiError.class, () -> RegistrationCustomFields.checkRequired(
                List.of(value("opt", "x", true)), defs));
        assertEquals("Missing required custom fields: a, b", error.getMessage());
        assertNull(error.errorType());
        assertEquals(400, error.status());
        assertDoesNotThrow(() -> RegistrationCustomFields.checkRequired(
                List.of(value("a", "x", true), value("b", "y", false)), defs));
    }

    @Test
    void requiredHiddenOrRoomFieldsAreNotRequiredOnRegistration() {
        List<CustomFieldDefinition> defs = List.of(field("h", "visitor", "hidden", true),
                field("r", "room", "visible", true));
        assertDoesNotThrow(() -> RegistrationCustomFields.checkRequired(List.of(value("x", "y", true)), defs));
    }
}
