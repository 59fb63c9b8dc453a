package dev.switchboard.core.visitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides what a registration does, given the visitors it could match. Pure: the store loads the candidates and
 * applies the plan inside one transaction.
 *
 * <p>Matching, in order: the visitor with the request's token (updated in place); else the visitor with the same
 * phone digits (updated, and it keeps its stored token); else the visitor with the same email (updated, and its
 * token is replaced by the request's); else a new visitor. Re-registration never unsets a stored field, and
 * {@code username} and {@code ts} never change after creation.
 */
public final class RegistrationPlanner {
    /** Why a registration landed on the visitor it did. */
    public enum Match { TOKEN, PHONE, EMAIL, NONE }

    /** The visitors a registration could land on; each may be null. */
    public record Candidates(Visitor byToken, Visitor byPhone, Visitor byEmail) {
        public static final Candidates NONE = new Candidates(null, null, null);

        /** The visitor the registration lands on: by token, else by phone, else by email; null for a new one. */
        public Visitor matched() {
            return byToken != null ? byToken : byPhone != null ? byPhone : byEmail;
        }
    }

    /**
     * The outcome: {@code next} is the visitor to store (for a new visitor {@code username} may be null, meaning
     * "generate the next guest name"); {@code replacedToken} is the token an email match took away, or null.
     */
    public record Plan(Match match, Visitor next, String replacedToken) {
        public boolean creates() {
            return match == Match.NONE;
        }
    }

    private RegistrationPlanner() { }

    public static Plan plan(RegistrationRequest request, Candidates candidates, String departmentId,
                            List<CustomFieldDefinition> customFields, Instant now) {
        RegistrationCustomFields.checkRequired(request.customFields(), customFields);
        Match match = matchOf(candidates);
        Visitor existing = candidates.matched();
        String token = match == Match.PHONE ? existing.token() : request.token();
        String replacedToken = match == Match.EMAIL && !existing.token().equals(token) ? existing.token() : null;
        Map<String, String> livechatData = RegistrationCustomFields.apply(
                existing == null ? Map.of() : existing.livechatData(), request.customFields(), customFields);
        Visitor next = new Visitor(
                existing == null ? RandomIds.id() : existing.id(),
                token,
                existing == null ? request.username() : existing.username(),
                firstNonNull(request.name(), existing == null ? null : existing.name()),
                firstNonNull(request.email(), existing == null ? null : existing.email()),
                firstNonNull(request.phone(), existing == null ? null : existing.phone()),
                firstNonNull(departmentId, existing == null ? null : existing.department()),
                "online",
                livechatData,
                existing == null ? List.of() : existing.externalIds(),
                existing == null ? now : existing.ts(),
                now);
        return new Plan(match, next, replacedToken);
    }

    private static Match matchOf(Candidates candidates) {
        if (candidates.byToken() != null) {
            return Match.TOKEN;
        }
        if (candidates.byPhone() != null) {
            return Match.PHONE;
        }
        return candidates.byEmail() != null ? Match.EMAIL : Match.NONE;
    }

    private static <T> T firstNonNull(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
