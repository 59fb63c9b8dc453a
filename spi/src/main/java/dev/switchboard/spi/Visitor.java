package dev.switchboard.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only snapshot of a livechat visitor (Rocket.Chat's {@code ILivechatVisitor}) as the host stored it at
 * the moment the snapshot was taken. Changing a visitor goes through {@link VisitorDirectory}; the returned
 * snapshot reflects the change.
 *
 * <p>Non-null: {@code id}, {@code token}, {@code username} (never blank), the collections (empty when the
 * visitor has none; all immutable and free of nulls), {@code createdAt} and {@code updatedAt}. Nullable:
 * {@code name}, {@code department}, {@code status}.
 *
 * @param id          the host's visitor id (Rocket.Chat {@code _id})
 * @param token       the visitor token the livechat widget or channel authenticates with
 * @param username    the generated username, for example {@code guest-42}
 * @param name        the display name, or null
 * @param emails      email addresses, in stored order
 * @param phones      phone numbers, in stored order, as given at registration
 * @param department  the department id, or null
 * @param status      the presence status ({@code online}, {@code away}, {@code busy}, {@code offline}), or null
 * @param livechatData custom field values by custom field id
 * @param externalIds external identities of every app, not only the caller's
 * @param createdAt   when the visitor was created
 * @param updatedAt   when the visitor was last changed ({@code createdAt} if never)
 */
public record Visitor(
        String id,
        String token,
        String username,
        String name,
        List<String> emails,
        List<String> phones,
        String department,
        String status,
        Map<String, String> livechatData,
        List<ExternalId> externalIds,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * Validates the components and makes immutable copies of the collections.
     *
     * @param id the id component
     * @param token the token component
     * @param username the username component
     * @param name the name component
     * @param emails the emails component
     * @param phones the phones component
     * @param department the department component
     * @param status the status component
     * @param livechatData the livechatData component
     * @param externalIds the externalIds component
     * @param createdAt the createdAt component
     * @param updatedAt the updatedAt component
     * @throws NullPointerException     if a required component is null, or a collection holds a null
     * @throws IllegalArgumentException if {@code id}, {@code token} or {@code username} is blank
     */
    public Visitor {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(token, "token");
        Checks.requireNonBlank(username, "username");
        emails = emails == null ? List.of() : List.copyOf(emails);
        phones = phones == null ? List.of() : List.copyOf(phones);
        livechatData = livechatData == null ? Map.of() : Map.copyOf(livechatData);
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    }

    /**
     * Returns the external identities owned by one app.
     *
     * @param appId the app id to filter by
     * @return the entries whose {@link ExternalId#appId()} equals {@code appId}, in stored order
     */
    public List<ExternalId> externalIdsOf(String appId) {
        Objects.requireNonNull(appId, "appId must not be null");
        return externalIds.stream().filter(e -> e.appId().equals(appId)).toList();
    }

    /**
     * Finds this visitor's entry for one app and entity id.
     *
     * @param appId    the owning app's id
     * @param entityId the app's entity id
     * @return the entry, or empty if the visitor has none for that pair
     */
    public Optional<ExternalId> externalId(String appId, String entityId) {
        Objects.requireNonNull(appId, "appId must not be null");
        Objects.requireNonNull(entityId, "entityId must not be null");
        return externalIds.stream()
                .filter(e -> e.appId().equals(appId) && e.entityId().equals(entityId))
                .findFirst();
    }
}
