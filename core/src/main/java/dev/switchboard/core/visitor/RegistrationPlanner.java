package dev.switchboard.core.visitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides what a registration does, given the visitors it could match. Pure: the store loads the candidates and
 * applies the plan inside one transaction.
 *
 * <p>Matching, in order: the visitor with the request's token (updated in place); else, only for a request that
 * {@linkplain RegistrationRequest#matchesContacts() matches contacts}, the visitor with the same phone digits
 * (updated, and it keeps its stored token), else the visitor with the same email (updated, and its token is
 * replaced by the request's); else a new visitor. Re-registration never unsets a stored field, and
 * {@code username} and {@code ts} never change after creation.
 *
 * <p>One visitor owns a phone's digits (a unique column, what phone matching and apps' look-ups use). A visitor
 * whose phone's digits another visitor owns stores the phone without owning its digits, so a registration with
 * another visitor's phone is answered exactly like one with a free phone: it learns nothing of the owner.
 */
public final class RegistrationPlanner {
    /** Why a registration landed on the visitor it did. */
    public enum Match { TOKEN, PHONE, EMAIL, NONE }

    /**
     * The visitors a registration could land on, each may be null: {@code byToken}; {@code byPhone} and
     * {@code byEmail}, looked up only for a request that matches contacts and finds no token; {@code phoneOwner},
     * the visitor that owns the digits of the phone the registration will store (the request's, else the matched
     * visitor's).
     */
    public record Candidates(Visitor byToken, Visitor byPhone, Visitor byEmail, Visitor phoneOwner) {
        public static final Candidates NONE = new Candidates(null, null, null, null);
    }

    /**
     * The outcome: {@code next} is the visitor to store (for a new visitor {@code username} may be null, meaning
     * "generate the next guest name"); {@code replacedToken} is the token an email match took away, or null;
     * {@code phoneDigits} are the digits {@code next} owns, null when it has no phone or another visitor owns them.
     */
    public record Plan(Match match, Visitor next, String replacedToken, String phoneDigits) {
        public boolean creates() {
            return match == Match.NONE;
        }
    }

    private RegistrationPlanner() { }

    public static Plan plan(RegistrationRequest request, Candidates candidates, String departmentId,
                            List<CustomFieldDefinition> customFields, Instant now) {
        RegistrationCustomFields.checkRequired(request.customFields(), customFields);
        Match match = matchOf(request, candidates);
        Visitor existing = matched(request, candidates);
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
                now,
                existing == null ? null : existing.lastChat());
        Visitor owner = candidates.phoneOwner();
        String phoneDigits = owner == null || owner.id().equals(next.id()) ? PhoneNumbers.digits(next.phone()) : null;
        return new Plan(match, next, replacedToken, phoneDigits);
    }

    /** The visitor {@code request} lands on: by token, else (when it matches contacts) phone, else email. */
    public static Visitor matched(RegistrationRequest request, Candidates candidates) {
        return switch (matchOf(request, candidates)) {
            case TOKEN -> candidates.byToken();
            case PHONE -> candidates.byPhone();
            case EMAIL -> candidates.byEmail();
            case NONE -> null;
        };
    }

    /** A new visitor as stored: with its username and no external ids yet. */
    public static Visitor withUsername(Visitor next, String username) {
        return new Visitor(next.id(), next.token(), username, next.name(), next.email(), next.phone(),
                next.department(), next.status(), next.livechatData(), List.of(), next.ts(), next.updatedAt(), null);
    }

    private static Match matchOf(RegistrationRequest request, Candidates candidates) {
        if (candidates.byToken() != null) {
            return Match.TOKEN;
        }
        if (!request.matchesContacts()) {
            return Match.NONE;
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
