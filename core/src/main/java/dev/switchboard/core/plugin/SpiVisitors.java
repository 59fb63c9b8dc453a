package dev.switchboard.core.plugin;

import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.RandomIds;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import java.util.List;

/**
 * Converts between the host's visitor types and the SPI's, which plugins see. Public for switchboard-testkit, whose
 * fake directory answers with visitors converted exactly as the host converts them.
 */
public final class SpiVisitors {
    private SpiVisitors() { }

    /** The visitor as plugins see it. */
    public static dev.switchboard.spi.Visitor toSpi(Visitor visitor) {
        return new dev.switchboard.spi.Visitor(
                visitor.id(),
                visitor.token(),
                visitor.username(),
                visitor.name(),
                listOf(visitor.email()),
                listOf(visitor.phone()),
                visitor.department(),
                visitor.status(),
                visitor.livechatData(),
                visitor.externalIds().stream().map(SpiVisitors::toSpi).toList(),
                visitor.ts(),
                visitor.updatedAt());
    }

    /** The external id as plugins see it. */
    public static dev.switchboard.spi.ExternalId toSpi(ExternalId id) {
        return new dev.switchboard.spi.ExternalId(id.appId(), id.entityId(), id.metadata());
    }

    /** The erased visitor as one app sees it: only that app's external ids. */
    public static dev.switchboard.spi.ErasedVisitor toSpi(Erased erased, String appId) {
        return new dev.switchboard.spi.ErasedVisitor(
                erased.id(),
                listOf(erased.phone()),
                listOf(erased.email()),
                erased.externalIds().stream().filter(id -> id.appId().equals(appId)).map(SpiVisitors::toSpi)
                        .toList());
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** An app's registration as the host's request: a missing token is generated, the email normalised. */
    public static RegistrationRequest request(VisitorRegistration registration) {
        List<CustomFieldValue> customFields = registration.customFields().entrySet().stream()
                .map(field -> new CustomFieldValue(field.getKey(), field.getValue(), true))
                .toList();
        return new RegistrationRequest(
                registration.token() != null ? registration.token() : RandomIds.token(),
                registration.name(),
                Emails.normalize(registration.email()),
                registration.phone(),
                registration.department(),
                registration.username(),
                customFields);
    }
}
