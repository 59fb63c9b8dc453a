package dev.switchboard.core.customfield;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcCustomFieldStore;
import dev.switchboard.core.store.JdbcCustomFieldStore.Lookup;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.VisitorService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The public {@code custom.field} / {@code custom.fields} use cases. Checks (key, regexp) run off the event loop
 * before the write; the write itself goes through the transaction queue and the visitor's cached token is forgotten
 * after the commit. An unknown token is answered as a known one is, with nothing written (Rocket.Chat answers
 * {@code invalid-token}): an unauthenticated route must not tell which tokens exist. Room-scoped fields are accepted and validated, but
 * Switchboard has no rooms, so nothing is written for them (as Rocket.Chat does when no room is open).
 */
public final class CustomFieldValues {
    private final JdbcCustomFieldStore store;
    private final VisitorService visitors;
    private final Executor checks;

    public CustomFieldValues(JdbcCustomFieldStore store, VisitorService visitors, Executor checks) {
        this.store = store;
        this.visitors = visitors;
        this.checks = checks;
    }

    /** {@code custom.field}; completes with the field as sent. */
    public CompletableFuture<CustomFieldValue> setOne(String token, CustomFieldValue field) {
        return store.lookup(token, List.of(field.key()))
                .thenApplyAsync(lookup -> check(lookup, List.of(field)), checks)
                .thenCompose(lookup -> {
                    if (!lookup.visitorExists() || !isVisitorScoped(lookup, field)) {
                        return CompletableFuture.completedFuture(field);
                    }
                    return store.updateLivechatData(token, data -> CustomFieldUpdate.applyOne(data, field))
                            .thenApply(updated -> afterWrite(token, updated.isPresent(), field));
                });
    }

    /** {@code custom.fields}; completes with the fields as sent, room-scoped ones first. */
    public CompletableFuture<List<CustomFieldValue>> setMany(String token, List<CustomFieldValue> fields) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        fields.forEach(field -> keys.add(field.key()));
        return store.lookup(token, keys)
                .thenApplyAsync(lookup -> check(lookup, fields), checks)
                .thenCompose(lookup -> {
                    List<CustomFieldValue> ordered = new ArrayList<>();
                    boolean anyVisitorField = false;
                    for (CustomFieldValue field : fields) {
                        if (!isVisitorScoped(lookup, field)) {
                            ordered.add(field);
                        }
                    }
                    for (CustomFieldValue field : fields) {
                        if (isVisitorScoped(lookup, field)) {
                            ordered.add(field);
                            anyVisitorField = true;
                        }
                    }
                    if (!anyVisitorField || !lookup.visitorExists()) {
                        return CompletableFuture.completedFuture(ordered);
                    }
                    return store.updateLivechatData(token,
                                    data -> CustomFieldUpdate.applyMany(data, fields, lookup.definitions()))
                            .thenApply(updated -> afterWrite(token, updated.isPresent(), ordered));
                });
    }

    /** The answer is the same when the visitor was erased between the check and the write. */
    private <T> T afterWrite(String token, boolean visitorFound, T answer) {
        if (visitorFound) {
            visitors.invalidate(token);
        }
        return answer;
    }

    private static boolean isVisitorScoped(Lookup lookup, CustomFieldValue field) {
        return CustomFieldDefinition.SCOPE_VISITOR.equals(lookup.definitions().get(field.key()).scope());
    }

    private static Lookup check(Lookup lookup, List<CustomFieldValue> fields) {
        for (CustomFieldValue field : fields) {
            if (!lookup.definitions().containsKey(field.key())) {
                throw ApiError.plain("invalid-custom-field");
            }
        }
        // One budget for the whole request, and each (key, value) pair checked once: a request of many items
        // cannot buy many budgets.
        long deadline = SafeRegex.deadline();
        Set<CustomFieldValue> checked = new HashSet<>();
        for (CustomFieldValue field : fields) {
            String regexp = lookup.definitions().get(field.key()).regexp();
            if (regexp != null && !regexp.isEmpty() && checked.add(field)
                    && !SafeRegex.test(regexp, field.value(), deadline)) {
                throw ApiError.plain("Invalid value for " + field.key() + " field");
            }
        }
        return lookup;
    }
}
