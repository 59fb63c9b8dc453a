package dev.switchboard.core.department;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A livechat department: every field of Rocket.Chat's {@code ILivechatDepartment}. Names are unique. Optional
 * fields are null when never set; {@code extraFields} holds the fields Rocket.Chat accepts beyond its typed ones
 * (string, integer or boolean values, e.g. {@code maxNumberSimultaneousChat}, {@code offlineMessageChannelName}),
 * in the order they were first given. {@code numAgents} is counted from the department's agents.
 */
public record Department(String id, String name, boolean enabled, String description, boolean showOnRegistration,
                         boolean showOnOfflineForm, String email, Boolean requestTagBeforeClosingChat,
                         List<String> chatClosingTags, String fallbackForwardDepartment,
                         List<String> departmentsAllowedToForward, Boolean allowReceiveForwardOffline,
                         Map<String, Object> extraFields, int numAgents, Instant updatedAt) {
    public Department {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        extraFields = extraFields == null ? Map.of() : extraFields;
    }

    /**
     * This department changed as Rocket.Chat's {@code $set} of {@code change} would: the fields {@code change}
     * carries replace these, the optional ones it leaves out (null) keep their values, and extra fields merge.
     */
    public Department updatedBy(Department change) {
        LinkedHashMap<String, Object> extras = new LinkedHashMap<>(extraFields);
        extras.putAll(change.extraFields);
        return new Department(id, change.name, change.enabled, or(change.description, description),
                change.showOnRegistration, change.showOnOfflineForm, change.email,
                or(change.requestTagBeforeClosingChat, requestTagBeforeClosingChat),
                or(change.chatClosingTags, chatClosingTags),
                or(change.fallbackForwardDepartment, fallbackForwardDepartment),
                or(change.departmentsAllowedToForward, departmentsAllowedToForward),
                or(change.allowReceiveForwardOffline, allowReceiveForwardOffline), extras, numAgents,
                change.updatedAt);
    }

    /** The same department with {@code count} agents. */
    public Department withNumAgents(int count) {
        return new Department(id, name, enabled, description, showOnRegistration, showOnOfflineForm, email,
                requestTagBeforeClosingChat, chatClosingTags, fallbackForwardDepartment, departmentsAllowedToForward,
                allowReceiveForwardOffline, extraFields, count, updatedAt);
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
