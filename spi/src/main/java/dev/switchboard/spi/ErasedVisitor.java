package dev.switchboard.spi;

import java.util.List;
import java.util.Objects;

/**
 * A visitor as it was just before it was erased: its id, the contact data it held, and the external ids
 * <em>this app</em> had attached (other apps' ids are not shown). None of it exists in the host any more.
 *
 * @param id          the erased visitor's id (kept by the host, now without personal data)
 * @param phones      the phone numbers it held, as stored (possibly empty)
 * @param emails      the email addresses it held (possibly empty)
 * @param externalIds this app's external ids it held (possibly empty)
 */
public record ErasedVisitor(String id, List<String> phones, List<String> emails, List<ExternalId> externalIds) {

    /** Validates and copies the lists. */
    public ErasedVisitor {
        Objects.requireNonNull(id, "id must not be null");
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
        externalIds = externalIds == null ? List.of() : List.copyOf(externalIds);
    }
}
