package dev.switchboard.core.visitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A livechat visitor as stored. Rocket.Chat keeps phone and email as one-element arrays that each registration
 * replaces, so one value of each is kept here and rendered as {@code phone:[{phoneNumber}]} and
 * {@code visitorEmails:[{address}]}. {@code token} is null once the visitor is erased. {@code lastChat} is the
 * latest room opened for the visitor (Rocket.Chat's {@code lastChat}), null before the first.
 */
public record Visitor(
        String id,
        String token,
        String username,
        String name,
        String email,
        String phone,
        String department,
        String status,
        Map<String, String> livechatData,
        List<ExternalId> externalIds,
        Instant ts,
        Instant updatedAt,
        LastChat lastChat) {

    /** Rocket.Chat's {@code lastChat: {_id, ts}}: a room's id and when it was opened. */
    public record LastChat(String rid, Instant ts) {
        public LastChat {
            Objects.requireNonNull(rid, "rid");
            Objects.requireNonNull(ts, "ts");
        }
    }

    public Visitor {
        Objects.requireNonNull(id, "id");
        livechatData = livechatData == null ? Map.of() : livechatData;
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
    }

    public Visitor withExternalIds(List<ExternalId> ids) {
        return new Visitor(id, token, username, name, email, phone, department, status, livechatData, ids, ts,
                updatedAt, lastChat);
    }
}
