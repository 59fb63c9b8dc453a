package dev.switchboard.core.visitor;

import dev.switchboard.core.error.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rocket.Chat's rules for {@code customFields} sent with a registration: only defined, visitor-scoped, non-hidden
 * fields apply, unknown keys are ignored, {@code overwrite:false} writes only where the current value is empty,
 * and, when any custom field is sent, every required one must be among them.
 */
public final class RegistrationCustomFields {
    private RegistrationCustomFields() { }

    /** Throws {@code Missing required custom fields: a, b} when fields were sent but required ones are missing. */
    public static void checkRequired(List<CustomFieldValue> sent, List<CustomFieldDefinition> definitions) {
        if (sent.isEmpty()) {
            return;
        }
        Set<String> sentKeys = sent.stream().map(CustomFieldValue::key).collect(Collectors.toSet());
        List<String> missing = definitions.stream()
                .filter(CustomFieldDefinition::appliesToRegistration)
                .filter(CustomFieldDefinition::required)
                .map(CustomFieldDefinition::id)
                .filter(id -> !sentKeys.contains(id))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw ApiError.plain("Missing required custom fields: " + String.join(", ", missing));
        }
    }

    /** The visitor's {@code livechatData} after applying {@code sent} to {@code current}. */
    public static Map<String, String> apply(Map<String, String> current, List<CustomFieldValue> sent,
                                            List<CustomFieldDefinition> definitions) {
        Set<String> applicable = definitions.stream()
                .filter(CustomFieldDefinition::appliesToRegistration)
                .map(CustomFieldDefinition::id)
                .collect(Collectors.toSet());
        Map<String, String> result = new LinkedHashMap<>(current);
        for (CustomFieldValue field : sent) {
            if (!applicable.contains(field.key())) {
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
