package dev.switchboard.core.customfield;

import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.CustomFieldValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write rules of the public {@code custom.field} and {@code custom.fields} routes (Rocket.Chat §1.9), which
 * differ from registration's: hidden fields are writable, and the two routes treat {@code overwrite:false}
 * differently.
 */
public final class CustomFieldUpdate {
    private CustomFieldUpdate() { }

    /** {@code custom.field}: with {@code overwrite:false} the write is skipped when the key is defined at all. */
    public static Map<String, String> applyOne(Map<String, String> current, CustomFieldValue field) {
        Map<String, String> result = new LinkedHashMap<>(current);
        if (field.overwrite() || !result.containsKey(field.key())) {
            result.put(field.key(), field.value());
        }
        return result;
    }

    /**
     * {@code custom.fields}: visitor-scoped fields among {@code sent} are written when {@code overwrite} is true or
     * the current value is empty (the registration semantics).
     */
    public static Map<String, String> applyMany(Map<String, String> current, List<CustomFieldValue> sent,
                                                Map<String, CustomFieldDefinition> definitions) {
        Map<String, String> result = new LinkedHashMap<>(current);
        for (CustomFieldValue field : sent) {
            CustomFieldDefinition definition = definitions.get(field.key());
            if (definition == null || !CustomFieldDefinition.SCOPE_VISITOR.equals(definition.scope())) {
                continue;
            }
            String existing = result.get(field.key());
            if (field.overwrite() || existing == null || existing.isEmpty()) {
                result.put(field.key(), field.value());
            }
        }
        return result;
    }
}
